import type { OAuthAppConfig, PollingConfig } from "../core/index";

/** TikTok's app settings. `clientId` is TikTok's `client_key`. */
export interface TikTokConfig extends OAuthAppConfig, PollingConfig {
  /** bytes per FILE_UPLOAD chunk; clamped to TikTok's 5–64 MB rule (default 10 MB) */
  chunkSizeBytes: number;
  /** how old a webhook's `t=` may be, either way, before it is refused (default 300) */
  webhookToleranceSeconds: number;
}

export const tiktokAuthorizeUrl = "https://www.tiktok.com/v2/auth/authorize/";
export const tiktokApiBase = "https://open.tiktokapis.com";

const megabyte = 1024 * 1024;

/** TikTok's chunk rules (media transfer guide), read as binary megabytes. */
export const chunkRules = {
  minChunkBytes: 5 * megabyte,
  maxChunkBytes: 64 * megabyte,
  maxLastChunkBytes: 128 * megabyte,
  maxChunkCount: 1000,
} as const;

/** Login Kit scopes POSTD asks for: identity, Direct Post, and the video list that `findPost` searches. */
export const defaultTikTokScopes: readonly string[] = [
  "user.info.basic",
  "user.info.profile",
  "video.publish",
  "video.list",
];

/** Defaults for the fields callers rarely change. */
export const defaultTikTokSettings = {
  chunkSizeBytes: 10 * megabyte,
  webhookToleranceSeconds: 300,
  pollIntervalMs: 5_000,
  maxPolls: 60,
} as const;

/** When no Retry-After comes with a 429, wait out TikTok's one-minute sliding window. */
export const rateLimitWindowMs = 60_000;

export function clampChunkSize(bytes: number): number {
  if (!Number.isFinite(bytes)) return defaultTikTokSettings.chunkSizeBytes;
  return Math.min(chunkRules.maxChunkBytes, Math.max(chunkRules.minChunkBytes, Math.floor(bytes)));
}
