import type { AccountKind, Platform } from "@postd/contracts";

/** The platform limits publish attempts are paced under (PACE_* in the config). */
export interface PacingLimits {
  tiktok: { perWindow: number; windowMs: number };
  mailchimpConcurrency: number;
  /** how long a Mailchimp slot is held at most when its worker dies (the lease) */
  mailchimpSlotTtlMs: number;
  linkedinDaily: number;
  instagramDaily: number;
  gbpEditsPerMinute: number;
}

export type PacingRule =
  | { kind: "window"; name: string; limit: number; windowMs: number }
  | { kind: "daily"; name: string; limit: number }
  | { kind: "concurrency"; name: string; limit: number; ttlMs: number }
  | { kind: "none" };

const day = 86_400_000;

/**
 * Which limit an attempt on an account must respect: TikTok's inits per minute per user, Instagram's rolling
 * 24-hour publishing limit, LinkedIn's posts per UTC day, Mailchimp's simultaneous connections, Google Business
 * Profile's 10 edits per minute per location. Facebook Pages have no per-account publishing limit worth pacing
 * (their rate limits come back as `rate_limited` with a wait).
 */
export function pacingRuleFor(
  account: { platform: Platform; accountKind: AccountKind },
  limits: PacingLimits,
): PacingRule {
  switch (account.platform) {
    case "tiktok":
      return {
        kind: "window",
        name: "tiktok-init",
        limit: limits.tiktok.perWindow,
        windowMs: limits.tiktok.windowMs,
      };
    case "meta":
      return account.accountKind === "instagram_account"
        ? { kind: "window", name: "instagram-publish", limit: limits.instagramDaily, windowMs: day }
        : { kind: "none" };
    case "linkedin":
      return { kind: "daily", name: "linkedin-post", limit: limits.linkedinDaily };
    case "mailchimp":
      return {
        kind: "concurrency",
        name: "mailchimp-connection",
        limit: limits.mailchimpConcurrency,
        ttlMs: limits.mailchimpSlotTtlMs,
      };
    case "gbp":
      return { kind: "window", name: "gbp-edits", limit: limits.gbpEditsPerMinute, windowMs: 60_000 };
    default:
      return { kind: "none" };
  }
}
