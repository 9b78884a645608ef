import { ConnectorError } from "../core/index";
import type { CreatorInfo } from "./creator-info";
import type { TikTokPostOptions } from "./post-options";

export interface PostSettings {
  privacyLevel: string;
  disableComment: boolean;
  disableDuet: boolean;
  disableStitch: boolean;
}

/**
 * Checks the post against what `creator_info` says now, before init: the privacy level must be one the creator
 * is offered, and a stated duration must fit the creator's maximum. Interactions the creator turned off in the
 * app are turned off on the post too (forced, not refused: the creator's own setting wins, as TikTok's UX
 * guidelines require).
 */
export function resolvePostSettings(options: TikTokPostOptions, creator: CreatorInfo): PostSettings {
  const privacyLevel = options.privacyLevel ?? "";
  if (!creator.privacy_level_options.includes(privacyLevel)) {
    throw invalid(
      "privacy_level_option_mismatch",
      `privacy level ${privacyLevel || "(none)"} is not offered to this creator; allowed: ${creator.privacy_level_options.join(", ")}`,
    );
  }
  const maxSeconds = creator.max_video_post_duration_sec;
  if (
    options.videoDurationSec !== undefined &&
    maxSeconds !== undefined &&
    options.videoDurationSec > maxSeconds
  ) {
    throw invalid(
      "max_video_post_duration_exceeded",
      `the video lasts ${options.videoDurationSec} s; this creator may post at most ${maxSeconds} s`,
    );
  }
  return {
    privacyLevel,
    disableComment: creator.comment_disabled || options.disableComment === true,
    disableDuet: creator.duet_disabled || options.disableDuet === true,
    disableStitch: creator.stitch_disabled || options.disableStitch === true,
  };
}

function invalid(platformCode: string, message: string): ConnectorError {
  return new ConnectorError({
    kind: "invalid_request",
    platform: "tiktok",
    platformCode,
    message: `publish.check_creator_info: ${message}`,
  });
}
