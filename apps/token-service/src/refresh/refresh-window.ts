import type { Platform } from "@postd/contracts";
import type { RefreshSettings } from "./refresh-settings";

/** Mailchimp tokens never expire and have nothing to refresh with. */
const neverRefreshed: ReadonlySet<Platform> = new Set(["mailchimp"]);

export interface TokenTiming {
  platform: Platform;
  /** null: the token does not expire */
  expiresAt: Date | null;
  /** when the current token was stored */
  tokenUpdatedAt: Date;
}

export function isRefreshablePlatform(platform: Platform): boolean {
  return !neverRefreshed.has(platform);
}

/**
 * The margin before expiry inside which a token is refreshed: the platform's configured margin, but never more
 * than half the token's lifetime, so a token that lives shorter than the margin is not refreshed on every use.
 */
export function effectiveMarginMs(settings: Pick<RefreshSettings, "marginMs">, timing: TokenTiming): number {
  const configured = settings.marginMs(timing.platform);
  if (!timing.expiresAt) return configured;
  const lifetime = timing.expiresAt.getTime() - timing.tokenUpdatedAt.getTime();
  return lifetime > 0 ? Math.min(configured, Math.floor(lifetime / 2)) : configured;
}

/** Whether a caller asking now should get a refreshed token first. */
export function isInsideRefreshWindow(
  settings: Pick<RefreshSettings, "marginMs">,
  timing: TokenTiming,
  now: number,
): boolean {
  if (!timing.expiresAt || !isRefreshablePlatform(timing.platform)) return false;
  return timing.expiresAt.getTime() - now <= effectiveMarginMs(settings, timing);
}

/**
 * When the scheduled refresh should run: expiry minus the margin minus a random jitter of up to
 * `jitterMs` (at most half the margin), never before now. Null when the token is never refreshed.
 */
export function plannedRefreshAt(
  settings: Pick<RefreshSettings, "marginMs" | "jitterMs">,
  timing: TokenTiming,
  options: { now: number; random?: () => number },
): Date | null {
  if (!timing.expiresAt || !isRefreshablePlatform(timing.platform)) return null;
  const margin = effectiveMarginMs(settings, timing);
  const jitter = Math.floor((options.random ?? Math.random)() * Math.min(settings.jitterMs, margin / 2));
  return new Date(Math.max(options.now, timing.expiresAt.getTime() - margin - jitter));
}

/** Whether the grant itself (its refresh token) ends within the warning: the user must reconnect soon. */
export function grantEndsSoon(
  settings: Pick<RefreshSettings, "reauthWarningMs">,
  refreshTokenExpiresAt: Date | null,
  now: number,
): boolean {
  return refreshTokenExpiresAt !== null && refreshTokenExpiresAt.getTime() - now <= settings.reauthWarningMs;
}
