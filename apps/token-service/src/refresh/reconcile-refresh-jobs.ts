import { and, asc, gt, inArray, isNotNull } from "drizzle-orm";
import type { TokenContext } from "../context";
import { connections } from "../db/schema";

const pageSize = 500;

export interface ReconcileReport {
  checked: number;
  added: number;
  restarted: number;
}

/**
 * Rebuilds the refresh queue from Postgres (the system of record): every live connection with a planned refresh
 * gets its job for its current version back if it is missing (a Redis wipe) or failed for good. Job ids are
 * deterministic, so this never makes a second job, and a job of an old version does nothing when it runs.
 */
export async function reconcileRefreshJobs(
  ctx: Pick<TokenContext, "db" | "scheduler">,
): Promise<ReconcileReport> {
  const report: ReconcileReport = { checked: 0, added: 0, restarted: 0 };
  let after = "";
  for (;;) {
    const page = await ctx.db
      .select({
        id: connections.id,
        tenantId: connections.tenantId,
        version: connections.version,
        nextRefreshAt: connections.nextRefreshAt,
      })
      .from(connections)
      .where(
        and(
          gt(connections.id, after),
          inArray(connections.status, ["active", "expiring", "error"]),
          isNotNull(connections.nextRefreshAt),
        ),
      )
      .orderBy(asc(connections.id))
      .limit(pageSize);
    for (const row of page) {
      const result = await ctx.scheduler.ensureScheduled(row);
      report.checked += 1;
      if (result === "added") report.added += 1;
      if (result === "restarted") report.restarted += 1;
    }
    const last = page.at(-1);
    if (!last || page.length < pageSize) return report;
    after = last.id;
  }
}
