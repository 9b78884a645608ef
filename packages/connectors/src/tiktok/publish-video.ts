import { z } from "zod";
import { type AccountAccess, isConnectorError, type PublishInput, type PublishProgress } from "../core/index";
import { planChunks } from "./chunk-plan";
import { clampChunkSize } from "./config";
import type { TikTokContext } from "./context";
import { probeMedia } from "./media-source";
import type { TikTokPostOptions } from "./post-options";
import type { PostSettings } from "./post-settings";
import { withoutPublish } from "./publish-progress";
import { fetchPublishStatus } from "./publish-status";
import { uploadRestartCode, uploadVideoChunks } from "./upload-video";

const InitData = z.object({ publish_id: z.string().min(1), upload_url: z.string().optional() });

const contentTypes: Record<string, string> = { mov: "video/quicktime", webm: "video/webm" };

export interface VideoPublishInput {
  access: AccountAccess;
  publish: PublishInput;
  options: TikTokPostOptions;
  settings: PostSettings;
  username: string | null;
}

/**
 * `POST /v2/post/publish/video/init/` (Direct Post). By default TikTok pulls the video from its URL
 * (PULL_FROM_URL: the domain must be verified for the app); with `uploadMode: "file"` we upload it in chunks.
 */
export async function initVideoPublish(
  context: TikTokContext,
  input: VideoPublishInput,
): Promise<PublishProgress> {
  const videoUrl = input.publish.post.media[0]?.url ?? "";
  const mode = input.options.uploadMode === "file" ? "FILE_UPLOAD" : "PULL_FROM_URL";
  const file = mode === "FILE_UPLOAD" ? await planUpload(context, videoUrl, input.publish.signal) : null;
  const { data } = await context.api.call({
    operation: "publish.video_init",
    method: "POST",
    path: "/v2/post/publish/video/init/",
    accessToken: input.access.accessToken,
    json: {
      post_info: postInfo(input),
      source_info: file
        ? {
            source: "FILE_UPLOAD",
            video_size: file.plan.videoSize,
            chunk_size: file.plan.chunkSize,
            total_chunk_count: file.plan.totalChunkCount,
          }
        : { source: "PULL_FROM_URL", video_url: videoUrl },
    },
    schema: InitData,
    sideEffect: true,
    ...signalOf(input.publish),
  });
  const progress: PublishProgress = {
    ...input.publish.progress,
    publishId: data.publish_id,
    source: mode,
    ...(input.username ? { username: input.username } : {}),
  };
  if (!file) {
    await input.publish.saveProgress(progress);
    return progress;
  }
  const withUpload: PublishProgress = {
    ...progress,
    uploadUrl: data.upload_url ?? "",
    videoSize: String(file.plan.videoSize),
    chunkSize: String(file.plan.chunkSize),
    totalChunkCount: String(file.plan.totalChunkCount),
    contentType: file.contentType,
  };
  await input.publish.saveProgress(withUpload);
  return uploadFrom(context, { publish: input.publish, progress: withUpload, startOffset: 0 });
}

/** A retry of an interrupted FILE_UPLOAD: continue from the bytes TikTok holds, unless it has moved on. */
export async function resumeFileUpload(
  context: TikTokContext,
  input: { access: AccountAccess; publish: PublishInput },
): Promise<PublishProgress> {
  const progress = input.publish.progress;
  const status = await fetchPublishStatus(context.api, {
    accessToken: input.access.accessToken,
    publishId: progress.publishId ?? "",
    operation: "publish.resume_status",
    ...signalOf(input.publish),
  });
  const held = status.uploadedBytes ?? 0;
  if (status.status !== "PROCESSING_UPLOAD" || held >= Number(progress.videoSize)) return progress;
  return uploadFrom(context, { publish: input.publish, progress, startOffset: held });
}

async function uploadFrom(
  context: TikTokContext,
  input: { publish: PublishInput; progress: PublishProgress; startOffset: number },
): Promise<PublishProgress> {
  const { progress } = input;
  try {
    await uploadVideoChunks(context.deps, {
      mediaUrl: input.publish.post.media[0]?.url ?? "",
      uploadUrl: progress.uploadUrl ?? "",
      plan: {
        videoSize: Number(progress.videoSize),
        chunkSize: Number(progress.chunkSize),
        totalChunkCount: Number(progress.totalChunkCount),
      },
      contentType: progress.contentType ?? "video/mp4",
      startOffset: input.startOffset,
      ...signalOf(input.publish),
    });
  } catch (error) {
    // an expired or forgotten upload never becomes a post: drop it so the next attempt inits afresh
    if (isConnectorError(error) && error.platformCode === uploadRestartCode) {
      await input.publish.saveProgress(withoutPublish(progress));
    }
    throw error;
  }
  const complete = { ...progress, uploadComplete: "true" };
  await input.publish.saveProgress(complete);
  return complete;
}

async function planUpload(context: TikTokContext, url: string, signal: AbortSignal | undefined) {
  const probe = await probeMedia(context.deps, url, signal);
  return {
    plan: planChunks(probe.size, clampChunkSize(context.config.chunkSizeBytes)),
    contentType: videoType(url, probe.contentType),
  };
}

function videoType(url: string, announced: string | null): string {
  const extension = new URL(url).pathname.split(".").pop()?.toLowerCase() ?? "";
  if (contentTypes[extension]) return contentTypes[extension];
  if (announced && Object.values(contentTypes).includes(announced)) return announced;
  return "video/mp4";
}

function postInfo(input: VideoPublishInput): Record<string, unknown> {
  const { options, settings } = input;
  return {
    title: input.publish.post.text,
    privacy_level: settings.privacyLevel,
    disable_comment: settings.disableComment,
    disable_duet: settings.disableDuet,
    disable_stitch: settings.disableStitch,
    brand_content_toggle: options.brandContent ?? false,
    brand_organic_toggle: options.brandOrganic ?? false,
    is_aigc: options.isAigc ?? false,
    ...(options.videoCoverTimestampMs === undefined
      ? {}
      : { video_cover_timestamp_ms: options.videoCoverTimestampMs }),
  };
}

function signalOf(input: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return input.signal ? { signal: input.signal } : {};
}
