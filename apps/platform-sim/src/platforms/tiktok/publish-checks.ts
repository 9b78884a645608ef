import type { SimState } from "../../state/sim-state";
import { invalidParam } from "./envelope";
import type { SimTikTokUser } from "./seed";

export interface Failure {
  status: number;
  code: string;
  message: string;
}

/** Hosts whose URLs this emulated app has verified for PULL_FROM_URL (the sim's media host). */
export const verifiedHosts = new Set(["media.platform-sim.test"]);

export function privacyProblem(user: SimTikTokUser, privacyLevel: unknown): Failure | null {
  if (typeof privacyLevel !== "string" || privacyLevel.length === 0) {
    return invalidParam("post_info.privacy_level is required.");
  }
  if (!user.privacyLevelOptions.includes(privacyLevel)) {
    return {
      status: 403,
      code: "privacy_level_option_mismatch",
      message: `privacy_level ${privacyLevel} is not one of the creator's privacy_level_options.`,
    };
  }
  return null;
}

/** An https URL on a verified domain, or why not. */
export function pullUrlProblem(value: unknown, field: string): Failure | null {
  if (typeof value !== "string") return invalidParam(`${field} is required.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return invalidParam(`${field} is not a URL.`);
  }
  if (url.protocol !== "https:") return invalidParam(`${field} must be https.`);
  if (!verifiedHosts.has(url.host)) {
    return {
      status: 403,
      code: "url_ownership_unverified",
      message: `The domain or URL prefix of ${field} is not verified for this app.`,
    };
  }
  return null;
}

/** The per-creator daily cap on API posts (widely reported as about 15; unconfirmed). */
export const dailyPostCap = 15;

export function quotaProblem(state: SimState, openId: string): Failure | null {
  if (!state.settings.quotas) return null;
  const hit = state.windows.hit(`tiktok:daily_posts:${openId}`, dailyPostCap, 86_400_000);
  if (hit.allowed) return null;
  return {
    status: 403,
    code: "spam_risk_too_many_posts",
    message: "The daily post cap for this creator through the API was reached.",
  };
}

export function textProblem(value: unknown, field: string, limit: number): Failure | null {
  if (value === undefined) return null;
  if (typeof value !== "string") return invalidParam(`${field} must be a string.`);
  return value.length > limit ? invalidParam(`${field} is longer than ${limit} characters.`) : null;
}
