import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import { isUnsupportedOperation } from "../src/index";
import type { RunningSim } from "./support/sim";
import {
  accessOf,
  alice,
  bob,
  callCount,
  caught,
  connect,
  createHarness,
  endpoints,
  type Harness,
  publishInput,
  simPublishes,
  startTikTokSim,
  videoPost,
} from "./tiktok-harness";

let sim: RunningSim;
let harness: Harness;
let aliceAuth: AuthenticateResult;

beforeAll(async () => {
  sim = await startTikTokSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
  aliceAuth = await connect(harness);
});

const simPosts = async () =>
  (
    await sim.control<{ data: Array<{ postId: string; text: string; details: Record<string, unknown> }> }>(
      "GET",
      "/_sim/posts?platform=tiktok",
    )
  ).data;

describe("tiktok Direct Post video by URL", () => {
  it("queries creator_info, inits once, saves the publish id, polls to the public post id", async () => {
    const input = publishInput(videoPost());
    const published = await harness.connector.publish(accessOf(aliceAuth), input);
    const [post] = await simPosts();
    expect(post?.postId).toMatch(/^\d{19}$/);
    // int64 ids above 2^53 survive exactly
    expect(published.platformPostId).toBe(post?.postId);
    expect(Number(published.platformPostId)).toBeGreaterThan(Number.MAX_SAFE_INTEGER);
    expect(published.url).toBe(`https://www.tiktok.com/@${alice.username}/video/${post?.postId}`);
    expect(post?.text).toBe("A new clip #postd");
    expect(input.saves[0]).toMatchObject({
      publishId: expect.stringMatching(/^v_pub_url~/),
      source: "PULL_FROM_URL",
    });
    expect(await callCount(sim, endpoints.creatorInfo)).toBe(1);
    expect(await callCount(sim, endpoints.videoInit)).toBe(1);
    expect(await callCount(sim, endpoints.status)).toBe(2);
  });

  it("sends TikTok's post_info fields", async () => {
    await harness.connector.publish(
      accessOf(aliceAuth),
      publishInput(
        videoPost({ disableDuet: true, isAigc: true, brandOrganic: true, videoCoverTimestampMs: 1500 }),
      ),
    );
    const [post] = await simPosts();
    expect(post?.details.postInfo).toEqual({
      title: "A new clip #postd",
      privacy_level: "PUBLIC_TO_EVERYONE",
      disable_comment: false,
      disable_duet: true,
      disable_stitch: false,
      brand_content_toggle: false,
      brand_organic_toggle: true,
      is_aigc: true,
      video_cover_timestamp_ms: 1500,
    });
  });

  it("a SELF_ONLY post has no public id: the publish id stands in and there is no URL", async () => {
    const input = publishInput(videoPost({ privacyLevel: "SELF_ONLY" }));
    const published = await harness.connector.publish(accessOf(aliceAuth), input);
    expect(published).toEqual({ platformPostId: input.saves[0]?.publishId, url: null });
  });

  it("a retry with a publish id resumes polling and never inits again", async () => {
    await sim.control("POST", "/_sim/faults", {
      path: "/v2/post/publish/status/fetch/",
      action: {
        type: "respond",
        status: 500,
        body: { data: {}, error: { code: "internal_error", message: "x", log_id: "l" } },
      },
    });
    const input = publishInput(videoPost());
    const first = await caught(harness.connector.publish(accessOf(aliceAuth), input));
    expect(first).toMatchObject({ kind: "transient", platformCode: "internal_error" });
    expect(input.progress.publishId).toBeDefined();
    const published = await harness.connector.publish(accessOf(aliceAuth), input);
    expect(published.platformPostId).toMatch(/^\d{19}$/);
    expect(await callCount(sim, endpoints.videoInit)).toBe(1);
    expect(await callCount(sim, endpoints.creatorInfo)).toBe(1);
    expect(await simPosts()).toHaveLength(1);
  });

  it("running out of polls is transient with the publish id kept; the retry finishes it", async () => {
    await sim.control("PUT", "/_sim/settings", { asyncPolls: 4 });
    const impatient = createHarness(sim, { maxPolls: 2 });
    const input = publishInput(videoPost());
    const error = await caught(impatient.connector.publish(accessOf(aliceAuth), input));
    expect(error).toMatchObject({ kind: "transient", platformCode: "publish_pending" });
    const published = await harness.connector.publish(accessOf(aliceAuth), input);
    expect(published.platformPostId).toMatch(/^\d{19}$/);
    expect(await callCount(sim, endpoints.videoInit)).toBe(1);
  });
});

describe("tiktok creator_info rules", () => {
  it("refuses a privacy level the creator is not offered, naming the allowed ones, before init", async () => {
    const bobAuth = await connect(harness, bob.openId);
    const error = await caught(harness.connector.publish(accessOf(bobAuth), publishInput(videoPost())));
    expect(error.kind).toBe("invalid_request");
    expect(error.platformCode).toBe("privacy_level_option_mismatch");
    expect(error.message).toContain("MUTUAL_FOLLOW_FRIENDS, FOLLOWER_OF_CREATOR, SELF_ONLY");
    expect(await callCount(sim, endpoints.creatorInfo)).toBe(1);
    expect(await callCount(sim, endpoints.videoInit)).toBe(0);
  });

  it("turns off what the creator turned off, and refuses a video longer than the creator may post", async () => {
    const bobAuth = await connect(harness, bob.openId);
    const options = { privacyLevel: "FOLLOWER_OF_CREATOR", disableComment: false, videoDurationSec: 45 };
    await harness.connector.publish(accessOf(bobAuth), publishInput(videoPost(options)));
    const [post] = await simPosts();
    expect(post?.details.postInfo).toMatchObject({
      disable_comment: true,
      disable_duet: true,
      disable_stitch: false,
    });

    const tooLong = await caught(
      harness.connector.publish(
        accessOf(bobAuth),
        publishInput(videoPost({ ...options, videoDurationSec: 90 })),
      ),
    );
    expect(tooLong).toMatchObject({
      kind: "invalid_request",
      platformCode: "max_video_post_duration_exceeded",
    });
    expect(await callCount(sim, endpoints.videoInit)).toBe(1);
  });

  it("getAccountOptions reports the creator's choices", async () => {
    const bobAuth = await connect(harness, bob.openId);
    const options = await harness.connector.getAccountOptions(accessOf(bobAuth));
    expect(options).toEqual({
      kind: "tiktok_account",
      options: {
        privacyLevelOptions: ["MUTUAL_FOLLOW_FRIENDS", "FOLLOWER_OF_CREATOR", "SELF_ONLY"],
        commentDisabled: true,
        duetDisabled: true,
        stitchDisabled: false,
        maxVideoPostDurationSec: 60,
        creatorUsername: bob.username,
        creatorNickname: "Bob Private",
        creatorAvatarUrl: expect.any(String),
      },
    });
  });

  it("refuses an invalid post before calling TikTok at all", async () => {
    const error = await caught(
      harness.connector.publish(
        accessOf(aliceAuth),
        publishInput(videoPost({ privacyLevel: undefined }, { media: [] })),
      ),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "validation_failed" });
    expect(error.message).toContain("options.privacyLevel");
    expect(error.message).toContain("media");
    expect(await callCount(sim, endpoints.creatorInfo)).toBe(0);
  });
});

describe("tiktok photo posts", () => {
  it("posts a carousel with title and description through content/init", async () => {
    const post = videoPost(
      { title: "Three photos", photoCoverIndex: 1 },
      {
        text: "The description of the carousel",
        media: ["a.jpg", "b.webp", "c.jpeg"].map((name) => ({
          url: `https://media.platform-sim.test/${name}`,
          type: "image" as const,
        })),
      },
    );
    const input = publishInput(post);
    const published = await harness.connector.publish(accessOf(aliceAuth), input);
    expect(input.saves[0]).toMatchObject({
      publishId: expect.stringMatching(/^p_pub_url~/),
      source: "PHOTO",
    });
    const [simPost] = await simPosts();
    expect(published.platformPostId).toBe(simPost?.postId);
    expect(simPost?.text).toBe("The description of the carousel");
    expect(simPost?.details.postInfo).toMatchObject({
      title: "Three photos",
      privacy_level: "PUBLIC_TO_EVERYONE",
    });
    expect(await callCount(sim, endpoints.photoInit)).toBe(1);
    expect(await callCount(sim, endpoints.videoInit)).toBe(0);
  });
});

describe("tiktok FAILED publishes", () => {
  const failWith = (reason: string) =>
    publishInput(
      videoPost(
        {},
        { media: [{ url: `https://media.platform-sim.test/clip.mp4?sim_fail=${reason}`, type: "video" }] },
      ),
    );

  it.each([
    ["video_pull_failed", "transient"],
    ["internal", "transient"],
    ["duration_check_failed", "invalid_request"],
    ["file_format_check_failed", "invalid_request"],
    ["spam_risk_too_many_posts", "quota_exceeded"],
    ["spam_risk_user_banned_from_posting", "permission_denied"],
    ["auth_removed", "auth_revoked"],
    ["publish_cancelled", "invalid_request"],
  ])("fail_reason %s is %s, and the failed task is forgotten", async (reason, kind) => {
    const input = failWith(reason);
    const error = await caught(harness.connector.publish(accessOf(aliceAuth), input));
    expect(error).toMatchObject({ kind, platformCode: reason });
    expect(input.saves[0]?.publishId).toBeDefined();
    expect(input.progress.publishId).toBeUndefined();
    expect((await simPublishes(sim))[0]?.status).toBe("FAILED");
  });

  it("a PULL_FROM_URL from a domain not verified for the app is refused", async () => {
    const input = publishInput(
      videoPost({}, { media: [{ url: "https://cdn.example.com/clip.mp4", type: "video" }] }),
    );
    const error = await caught(harness.connector.publish(accessOf(aliceAuth), input));
    expect(error).toMatchObject({
      kind: "invalid_request",
      platformCode: "url_ownership_unverified",
      httpStatus: 403,
    });
    expect(input.saves).toHaveLength(0);
  });
});

describe("tiktok analytics and unsupported operations", () => {
  it("reads the video's counts through video/query", async () => {
    const published = await harness.connector.publish(accessOf(aliceAuth), publishInput(videoPost()));
    const metrics = await harness.connector.getPostAnalytics(accessOf(aliceAuth), published.platformPostId);
    expect(metrics).toEqual({ views: 42, likes: 7, comments: 3, shares: 1 });
  });

  it("a publish id or an unknown video is an invalid request", async () => {
    const publishId = await caught(
      harness.connector.getPostAnalytics(accessOf(aliceAuth), "v_pub_url~v2-1.1"),
    );
    expect(publishId.platformCode).toBe("not_a_video_id");
    const unknown = await caught(
      harness.connector.getPostAnalytics(accessOf(aliceAuth), "7399999999999999999"),
    );
    expect(unknown).toMatchObject({ kind: "invalid_request", platformCode: "video_not_found" });
  });

  it("delete is unsupported and the capabilities say so", async () => {
    expect(harness.connector.capabilities).toMatchObject({ delete: false, textOnly: false, findPost: true });
    const error = await harness.connector
      .deletePost(accessOf(aliceAuth), "7300000000000000001")
      .catch((e: unknown) => e);
    expect(isUnsupportedOperation(error)).toBe(true);
  });
});
