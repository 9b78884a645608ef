import type { PublishProgress } from "../core/index";

/**
 * The keys a TikTok publish keeps in `PublishProgress`:
 * - `publishId`: TikTok's publish task; once saved, a retry polls it and never calls init again
 * - `source`: PULL_FROM_URL, FILE_UPLOAD or PHOTO
 * - FILE_UPLOAD only: `uploadUrl` (valid 1 h), `videoSize`, `chunkSize`, `totalChunkCount`, `contentType`, and
 *   `uploadComplete` = "true" once TikTok answered 201
 * - `username`: the creator's handle, to build the post URL
 */
export const publishKeys = [
  "publishId",
  "source",
  "uploadUrl",
  "videoSize",
  "chunkSize",
  "totalChunkCount",
  "contentType",
  "uploadComplete",
  "username",
] as const;

/** Progress with the publish task forgotten: after FAILED or a dead upload, the next attempt starts afresh. */
export function withoutPublish(progress: PublishProgress): PublishProgress {
  const rest: PublishProgress = { ...progress };
  for (const key of publishKeys) delete rest[key];
  return rest;
}
