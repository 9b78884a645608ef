import type { AccountKind, Platform } from "@postd/contracts";
import { type PublishContext, redisKey } from "../context";
import { dailyCounterScript, semaphoreScript, slidingWindowScript } from "./pace-scripts";
import { pacingRuleFor } from "./pacing-rules";

export type Pace = { waitMs: 0; release(): Promise<void> } | { waitMs: number };

/** How soon a job refused a Mailchimp slot looks again (slots free as attempts end). */
const semaphoreRetryMs = 250;
const day = 86_400_000;
const go: Pace = { waitMs: 0, release: async () => undefined };

/**
 * Takes a pacing slot for one attempt on one account before the platform is called, or says how long to wait.
 * `member` (the job id) makes it idempotent: a job run twice holds one slot. Redis losing the keys (a wipe) only
 * forgets recent usage; the platforms' own limits still answer `rate_limited`.
 */
export async function acquirePace(
  ctx: PublishContext,
  account: { platform: Platform; accountKind: AccountKind; accountId: string },
  member: string,
): Promise<Pace> {
  const rule = pacingRuleFor(account, ctx.settings.pacing);
  if (rule.kind === "none") return go;
  const key = redisKey(ctx, "pace", rule.name, account.accountId);
  if (rule.kind === "window") {
    const wait = await ctx.redis.eval(slidingWindowScript, 1, key, rule.limit, rule.windowMs, member);
    return Number(wait) > 0 ? { waitMs: Number(wait) } : go;
  }
  if (rule.kind === "daily") {
    const now = Date.now();
    const today = Math.floor(now / day);
    const wait = await ctx.redis.eval(
      dailyCounterScript,
      1,
      `${key}:${today}`,
      rule.limit,
      member,
      (today + 1) * day - now,
    );
    return Number(wait) > 0 ? { waitMs: Number(wait) } : go;
  }
  const wait = await ctx.redis.eval(
    semaphoreScript,
    1,
    key,
    rule.limit,
    member,
    rule.ttlMs,
    semaphoreRetryMs,
  );
  if (Number(wait) > 0) return { waitMs: Number(wait) + Math.floor(Math.random() * semaphoreRetryMs) };
  return {
    waitMs: 0,
    release: async () => {
      await ctx.redis.zrem(key, member);
    },
  };
}
