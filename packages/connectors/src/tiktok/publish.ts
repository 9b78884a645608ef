import {
  type AccountAccess,
  ConnectorError,
  type PublishedPost,
  type PublishInput,
  type PublishProgress,
} from "../core/index";
import { classifyFailReason } from "./classify-error";
import type { TikTokContext } from "./context";
import { queryCreatorInfo } from "./creator-info";
import { readPostOptions } from "./post-options";
import { resolvePostSettings } from "./post-settings";
import { initPhotoPublish } from "./publish-photos";
import { withoutPublish } from "./publish-progress";
import { pollPublishStatus, publishedPost } from "./publish-status";
import { initVideoPublish, resumeFileUpload } from "./publish-video";
import { validateTikTokPost } from "./validate-post";

/**
 * Direct Post: creator_info → init (video or photos) → [chunked upload] → poll status. The publish id is saved
 * the moment TikTok returns it; a retry that has one resumes (the upload, then polling) and never inits again.
 */
export async function publishToTikTok(
  context: TikTokContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PublishedPost> {
  let progress = input.progress;
  if (!progress.publishId) {
    progress = await startPublish(context, access, input);
  } else if (progress.source === "FILE_UPLOAD" && progress.uploadComplete !== "true") {
    progress = await resumeFileUpload(context, { access, publish: input });
  }
  return finishPublish(context, { access, input, progress });
}

async function startPublish(
  context: TikTokContext,
  access: AccountAccess,
  input: PublishInput,
): Promise<PublishProgress> {
  const problems = validateTikTokPost(input.post);
  if (problems.length > 0) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "tiktok",
      platformCode: "validation_failed",
      message: `publish.validate: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`,
    });
  }
  const creator = await queryCreatorInfo(context.api, {
    accessToken: access.accessToken,
    operation: "publish.creator_info",
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const options = readPostOptions(input.post.options).options;
  const settings = resolvePostSettings(options, creator);
  const username = access.account.metadata.username ?? creator.creator_username ?? null;
  const init = { access, publish: input, options, settings, username };
  const hasVideo = input.post.media.some((m) => m.type === "video");
  return hasVideo ? initVideoPublish(context, init) : initPhotoPublish(context, init);
}

async function finishPublish(
  context: TikTokContext,
  args: { access: AccountAccess; input: PublishInput; progress: PublishProgress },
): Promise<PublishedPost> {
  const publishId = args.progress.publishId ?? "";
  const status = await pollPublishStatus(context, {
    accessToken: args.access.accessToken,
    publishId,
    operation: "publish.status",
    ...(args.input.signal ? { signal: args.input.signal } : {}),
  });
  if (status.status === "FAILED") {
    // nothing was posted: forget the task so a retry (when the reason allows one) starts a new publish
    await args.input.saveProgress(withoutPublish(args.progress));
    throw classifyFailReason(status.failReason, "publish.status");
  }
  const username = args.progress.username ?? args.access.account.metadata.username ?? null;
  return publishedPost(status, publishId, username);
}
