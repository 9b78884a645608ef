import { z } from "zod";
import type { AccountOptions } from "../core/index";
import type { TikTokApi } from "./tiktok-api";

export const CreatorInfo = z.object({
  creator_avatar_url: z.string().optional(),
  creator_username: z.string().optional(),
  creator_nickname: z.string().optional(),
  privacy_level_options: z.array(z.string()),
  comment_disabled: z.boolean().default(false),
  duet_disabled: z.boolean().default(false),
  stitch_disabled: z.boolean().default(false),
  max_video_post_duration_sec: z.number().optional(),
});
export type CreatorInfo = z.infer<typeof CreatorInfo>;

/** What the creator may choose now, as `AccountOptions.options` carries it (and `validatePost` reads it). */
export interface TikTokAccountOptions {
  privacyLevelOptions: string[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  maxVideoPostDurationSec: number | null;
  creatorUsername: string | null;
  creatorNickname: string | null;
  creatorAvatarUrl: string | null;
}

/** `POST /v2/post/publish/creator_info/query/` (empty body): TikTok requires it before every Direct Post. */
export async function queryCreatorInfo(
  api: TikTokApi,
  input: { accessToken: string; operation: string; signal?: AbortSignal },
): Promise<CreatorInfo> {
  const { data } = await api.call({
    operation: input.operation,
    method: "POST",
    path: "/v2/post/publish/creator_info/query/",
    accessToken: input.accessToken,
    json: {},
    schema: CreatorInfo,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return data;
}

export function toAccountOptions(info: CreatorInfo): AccountOptions {
  const options: TikTokAccountOptions = {
    privacyLevelOptions: info.privacy_level_options,
    commentDisabled: info.comment_disabled,
    duetDisabled: info.duet_disabled,
    stitchDisabled: info.stitch_disabled,
    maxVideoPostDurationSec: info.max_video_post_duration_sec ?? null,
    creatorUsername: info.creator_username ?? null,
    creatorNickname: info.creator_nickname ?? null,
    creatorAvatarUrl: info.creator_avatar_url ?? null,
  };
  return { kind: "tiktok_account", options: { ...options } };
}
