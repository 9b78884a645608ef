import type { Platform } from "@postd/contracts";

const platformNames: Record<Platform, string> = {
  meta: "Facebook",
  linkedin: "LinkedIn",
  tiktok: "TikTok",
  gbp: "Google Business Profile",
  mailchimp: "Mailchimp",
};

/** The error codes `svc.oauth.complete` answers besides the platform's own (`access_denied`, …). */
export type CompleteErrorCode =
  | "invalid_state"
  | "state_used"
  | "expired_state"
  | "missing_code"
  | "exchange_failed"
  | "permission_denied"
  | "platform_unavailable"
  | "storage_failed"
  | "internal_error";

const messages: Record<CompleteErrorCode, (platform: string) => string> = {
  invalid_state: () => "This sign-in link is not valid. Start connecting again from the app.",
  state_used: () => "This sign-in link was already used. Start connecting again from the app.",
  expired_state: () => "This sign-in link expired. Start connecting again from the app.",
  missing_code: (p) => `${p} did not send an authorization code back; nothing was connected. Try again.`,
  exchange_failed: (p) =>
    `${p} did not accept the authorization; nothing was connected. Try connecting again.`,
  permission_denied: (p) => `${p} did not grant the permissions POSTD needs; nothing was connected.`,
  platform_unavailable: (p) =>
    `${p} is not answering right now; nothing was connected. Try again in a few minutes.`,
  storage_failed: () => "The connection could not be saved; nothing was connected. Try again in a moment.",
  internal_error: () => "Something went wrong on our side; nothing was connected. Try again.",
};

export function outcomeMessage(code: CompleteErrorCode, platform: Platform): string {
  return messages[code](platformNames[platform]);
}

export function connectedMessage(platform: Platform, displayName: string): string {
  return `${platformNames[platform]} account ${displayName} is connected.`;
}

/** The platform's `error` parameter, when the user declined or the platform failed before issuing a code. */
export function platformErrorMessage(platform: Platform, errorCode: string): string {
  const name = platformNames[platform];
  if (
    errorCode === "access_denied" ||
    errorCode === "user_cancelled_login" ||
    errorCode === "user_cancelled_authorize"
  ) {
    return `You declined the request on ${name}; nothing was connected.`;
  }
  return `${name} reported an error (${errorCode}); nothing was connected.`;
}

/**
 * The platform's error code as we pass it on: it arrives in a query string anyone can forge, so only a short
 * `snake_case`-like token survives; anything else becomes `platform_error`.
 */
export function sanitizePlatformError(raw: string): string {
  return /^[A-Za-z0-9_.-]{1,64}$/.test(raw) ? raw.toLowerCase() : "platform_error";
}
