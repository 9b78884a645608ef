import { z } from "zod";

export const privacyLevels = [
  "PUBLIC_TO_EVERYONE",
  "MUTUAL_FOLLOW_FRIENDS",
  "FOLLOWER_OF_CREATOR",
  "SELF_ONLY",
] as const;

/**
 * A `tiktok_account` target's options (api.md): `privacyLevel` is required at validation; the rest are optional.
 * `uploadMode`: "url" (default) lets TikTok pull the video from its URL, which must be on a domain verified for
 * the app; "file" makes the connector stream it up in chunks (any https URL works).
 */
export const TikTokPostOptions = z.looseObject({
  privacyLevel: z.enum(privacyLevels).optional(),
  disableComment: z.boolean().optional(),
  disableDuet: z.boolean().optional(),
  disableStitch: z.boolean().optional(),
  brandContent: z.boolean().optional(),
  brandOrganic: z.boolean().optional(),
  isAigc: z.boolean().optional(),
  /** photo posts only; a video's caption is the post's text */
  title: z.string().optional(),
  uploadMode: z.enum(["url", "file"]).optional(),
  /** the video's length, when known: checked against the creator's `max_video_post_duration_sec` */
  videoDurationSec: z.number().positive().optional(),
  videoCoverTimestampMs: z.number().int().nonnegative().optional(),
  photoCoverIndex: z.number().int().nonnegative().optional(),
  autoAddMusic: z.boolean().optional(),
});
export type TikTokPostOptions = z.infer<typeof TikTokPostOptions>;

export interface ReadOptions {
  /** every field that is well-formed */
  options: TikTokPostOptions;
  /** one per malformed field, with its path under `options` */
  problems: Array<{ path: string; message: string }>;
}

/** Reads the options field by field, so one malformed field neither hides the others nor their problems. */
export function readPostOptions(raw: Record<string, unknown>): ReadOptions {
  const options: Record<string, unknown> = {};
  const problems: ReadOptions["problems"] = [];
  for (const [key, schema] of Object.entries(TikTokPostOptions.shape)) {
    if (raw[key] === undefined) continue;
    const parsed = schema.safeParse(raw[key]);
    if (parsed.success) options[key] = parsed.data;
    else problems.push({ path: `options.${key}`, message: parsed.error.issues[0]?.message ?? "invalid" });
  }
  return { options: options as TikTokPostOptions, problems };
}
