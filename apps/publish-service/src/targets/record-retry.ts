import { recordMetric } from "@postd/telemetry";
import { sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import type { StoredError } from "../db/schema";
import { enqueueAttempts } from "../jobs/publish-queues";
import { finishAttempt, transitionHeldTarget } from "./attempt-writes";
import type { Claim } from "./claim";

/**
 * A retryable failure: the target waits (`retrying`, `next_attempt_at`) and the next attempt's job is delayed
 * by the wait. If the process dies between the commit and the enqueue, the reconciler enqueues it when due.
 */
export async function recordRetry(
  ctx: PublishContext,
  claim: Claim,
  retry: { delayMs: number; error: StoredError },
): Promise<void> {
  const row = await ctx.db.transaction(async (tx) => {
    const target = await transitionHeldTarget(tx, claim, {
      status: "retrying",
      nextAttemptAt: sql`now() + make_interval(secs => ${retry.delayMs / 1_000})`,
      lastError: retry.error,
    });
    await finishAttempt(tx, claim, { outcome: "retry", error: retry.error });
    return target;
  });
  recordMetric("publish.outcome", 1, { platform: row.platform, outcome: "retrying" });
  ctx.logger.info(
    {
      targetId: row.id,
      platform: row.platform,
      attempt: claim.attempt,
      delayMs: retry.delayMs,
      code: retry.error.code,
    },
    "publish attempt failed; retrying",
  );
  await enqueueAttempts(ctx.queues, [
    { tenantId: row.tenantId, targetId: row.id, attempt: row.attempts + 1, delayMs: retry.delayMs },
  ]);
}
