import { and, asc, gt, inArray } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { deliveries } from "../db/schema";

const pageSize = 500;

export interface ReconcileReport {
  checked: number;
  added: number;
  restarted: number;
}

/**
 * Rebuilds the delivery queue from Postgres (the system of record): every waiting delivery gets the job of its
 * next attempt back, at its `next_attempt_at`, if the job is missing (a Redis wipe, a crash between commit and
 * queue) or failed for good. Job ids are deterministic and a job re-checks the attempt number, so this never
 * sends anything twice.
 */
export async function reconcileDeliveryJobs(
  ctx: Pick<WebhookContext, "db" | "scheduler">,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, added: 0, restarted: 0 };
  let after = "";
  for (;;) {
    const page = await ctx.db
      .select({
        id: deliveries.id,
        tenantId: deliveries.tenantId,
        attempts: deliveries.attempts,
        nextAttemptAt: deliveries.nextAttemptAt,
      })
      .from(deliveries)
      .where(and(gt(deliveries.id, after), inArray(deliveries.status, ["pending", "retrying"])))
      .orderBy(asc(deliveries.id))
      .limit(pageSize);
    for (const row of page) {
      const result = await ctx.scheduler.schedule(
        { tenantId: row.tenantId, deliveryId: row.id, attempt: row.attempts + 1 },
        { at: row.nextAttemptAt },
      );
      report.checked += 1;
      if (result === "added") report.added += 1;
      if (result === "restarted") report.restarted += 1;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return report;
    after = last.id;
  }
}
