import type { ConnectorErrorKind } from "@postd/contracts";
import { ConnectorError, parseRetryAfter } from "../core/index";
import { rateLimitWindowMs } from "./config";

/** Envelope `error.code` values (init, status, display and token endpoints) and what they mean for us. */
const kindByCode: Record<string, ConnectorErrorKind> = {
  access_token_invalid: "auth_expired",
  scope_not_authorized: "permission_denied",
  spam_risk_too_many_posts: "quota_exceeded",
  spam_risk_too_many_pending_share: "quota_exceeded",
  reached_active_user_cap: "quota_exceeded",
  spam_risk_user_banned_from_posting: "permission_denied",
  unaudited_client_can_only_post_to_private_accounts: "invalid_request",
  url_ownership_unverified: "invalid_request",
  privacy_level_option_mismatch: "invalid_request",
  invalid_param: "invalid_request",
  invalid_params: "invalid_request",
  invalid_publish_id: "invalid_request",
  token_not_authorized_for_specified_publish_id: "invalid_request",
  app_version_check_failed: "invalid_request",
  publish_not_cancellable: "invalid_request",
  rate_limit_exceeded: "rate_limited",
  internal_error: "transient",
  // token endpoint (`{error, error_description, log_id}`)
  invalid_grant: "auth_revoked",
  access_denied: "auth_revoked",
  invalid_client: "invalid_request",
  unauthorized_client: "permission_denied",
  invalid_request: "invalid_request",
  invalid_scope: "invalid_request",
  unsupported_grant_type: "invalid_request",
  server_error: "transient",
  temporarily_unavailable: "transient",
};

/** `fail_reason` of a FAILED publish: what the failure means for a retry. */
const kindByFailReason: Record<string, ConnectorErrorKind> = {
  file_format_check_failed: "invalid_request",
  duration_check_failed: "invalid_request",
  frame_rate_check_failed: "invalid_request",
  picture_size_check_failed: "invalid_request",
  internal: "transient",
  video_pull_failed: "transient",
  photo_pull_failed: "transient",
  spam_risk_too_many_posts: "quota_exceeded",
  spam_risk_user_banned_from_posting: "permission_denied",
  spam_risk_text: "invalid_request",
  spam_risk: "invalid_request",
  auth_removed: "auth_revoked",
  publish_cancelled: "invalid_request",
};

export interface PlatformFailure {
  status: number;
  body: unknown;
  headers: Headers;
  /** the call, for the message: "publish.video_init" */
  operation: string;
  now: number;
  cause?: unknown;
}

/** The platform's error code and message from either body shape; null when the body reports none (or "ok"). */
export function readPlatformError(body: unknown): { code: string; message: string } | null {
  if (typeof body !== "object" || body === null) return null;
  const record = body as Record<string, unknown>;
  const error = record.error;
  if (typeof error === "string") {
    const description = record.error_description;
    return { code: error, message: typeof description === "string" ? description : error };
  }
  if (typeof error === "object" && error !== null) {
    const { code, message } = error as Record<string, unknown>;
    if (typeof code === "string" && code !== "ok") {
      return { code, message: typeof message === "string" && message ? message : code };
    }
  }
  return null;
}

/**
 * THE TikTok classifier: every failed answer (an envelope whose `error.code` is not "ok", even on HTTP 200, a
 * token-endpoint error, or a bare HTTP failure) becomes one taxonomy kind, keeping TikTok's code and message.
 */
export function classifyTikTokError(failure: PlatformFailure): ConnectorError {
  const platformError = readPlatformError(failure.body);
  const code = platformError?.code ?? `http_${failure.status}`;
  const kind = (platformError && kindByCode[platformError.code]) ?? kindByStatus(failure.status);
  const message = `${failure.operation}: ${platformError?.message ?? `HTTP ${failure.status}`}`;
  return new ConnectorError({
    kind,
    platform: "tiktok",
    platformCode: code,
    message,
    httpStatus: failure.status,
    ...(kind === "rate_limited" ? { retryAfterMs: retryAfter(failure) } : {}),
    ...(failure.cause === undefined ? {} : { cause: failure.cause }),
  });
}

/** A publish that ended FAILED: nothing was posted; the reason says whether trying again can help. */
export function classifyFailReason(failReason: string, operation: string): ConnectorError {
  return new ConnectorError({
    kind: kindByFailReason[failReason] ?? "transient",
    platform: "tiktok",
    platformCode: failReason || "failed",
    message: `${operation}: TikTok reported the publish FAILED (${failReason || "no reason given"})`,
  });
}

function kindByStatus(status: number): ConnectorErrorKind {
  if (status === 401) return "auth_expired";
  if (status === 403) return "permission_denied";
  if (status === 408) return "transient";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "transient";
  if (status >= 400) return "invalid_request";
  // a 2xx that is not a TikTok answer: the gateway or a proxy garbled it, asking again is safe for reads
  return "transient";
}

function retryAfter(failure: PlatformFailure): number {
  return parseRetryAfter(failure.headers.get("retry-after"), failure.now) ?? rateLimitWindowMs;
}
