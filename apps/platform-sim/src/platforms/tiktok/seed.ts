/** A TikTok user the sim knows: who consents on the consent page, and what `creator_info` says about them. */
export interface SimTikTokUser {
  openId: string;
  unionId: string;
  username: string;
  displayName: string;
  avatarUrl: string;
  privacyLevelOptions: string[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxVideoPostDurationSec: number;
}

export const allPrivacyLevels = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
];

/**
 * alice: a public creator with every option. bob: a private account (no PUBLIC_TO_EVERYONE), comments and
 * duets turned off in the app, held to 60-second videos.
 */
export const seededUsers: readonly SimTikTokUser[] = [
  {
    openId: "-000tt-open-alice",
    unionId: "tt-union-alice",
    username: "alice.creates",
    displayName: "Alice Creates",
    avatarUrl: "https://p16-sign.tiktokcdn-us.com/alice.jpeg",
    privacyLevelOptions: allPrivacyLevels,
    commentDisabled: false,
    duetDisabled: false,
    stitchDisabled: false,
    maxVideoPostDurationSec: 600,
  },
  {
    openId: "-000tt-open-bob",
    unionId: "tt-union-bob",
    username: "bob.private",
    displayName: "Bob Private",
    avatarUrl: "https://p16-sign.tiktokcdn-us.com/bob.jpeg",
    privacyLevelOptions: ["MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"],
    commentDisabled: true,
    duetDisabled: true,
    stitchDisabled: false,
    maxVideoPostDurationSec: 60,
  },
];

/** How many older videos each user starts with (more than one `video/list` page of 20 for alice). */
export const seededVideoCounts: Record<string, number> = { "-000tt-open-alice": 25, "-000tt-open-bob": 2 };
