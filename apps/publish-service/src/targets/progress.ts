import { type PublishProgress, tiktokPublishKeys } from "@postd/connectors";
import { isSensitiveKey, scrubString } from "@postd/telemetry";

/**
 * Progress keys that hold a credential: TikTok's FILE_UPLOAD `uploadUrl` carries an upload token (valid 1 h,
 * for that one upload). It stays in the worker's memory for the attempt and never reaches Postgres (ADR 0015).
 */
const secretKeys: ReadonlySet<string> = new Set(["uploadUrl"]);

/**
 * What of a connector's progress may be written to the target row: everything but secret-bearing keys, keys a
 * log would redact, and values that carry a credential (a URL with a token in its query).
 */
export function storableProgress(progress: PublishProgress): PublishProgress {
  const kept: PublishProgress = {};
  for (const [key, value] of Object.entries(progress)) {
    if (secretKeys.has(key) || isSensitiveKey(key) || scrubString(value) !== value) continue;
    kept[key] = value;
  }
  return kept;
}

/**
 * The stored progress a new attempt starts from. A TikTok FILE_UPLOAD interrupted before TikTok had every byte
 * cannot resume without its upload URL (not stored), and an unfinished upload can never become a post: its
 * publish keys are dropped so the attempt starts a new publish.
 */
export function resumableProgress(stored: PublishProgress): PublishProgress {
  const unfinishedUpload =
    stored.source === "FILE_UPLOAD" &&
    stored.publishId !== undefined &&
    stored.uploadComplete !== "true" &&
    stored.uploadUrl === undefined;
  if (!unfinishedUpload) return { ...stored };
  const rest: PublishProgress = { ...stored };
  for (const key of tiktokPublishKeys) delete rest[key];
  return rest;
}
