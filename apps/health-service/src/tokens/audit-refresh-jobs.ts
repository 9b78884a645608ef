import type { Queue } from "bullmq";
import { and, inArray, isNotNull, lte, notInArray } from "drizzle-orm";
import type { HealthContext } from "../context";
import { monitoredConnections } from "../db/schema";

/** token-service's refresh queue and its job ids (`refresh:<connectionId>:<version>`, apps/token-service). */
export const refreshQueueName = "token-service.refresh";
const pendingStates = ["delayed", "waiting", "active", "prioritized"] as const;

/**
 * For live connections whose token expires within `horizonMs`, records whether token-service's refresh queue holds
 * a pending job for them (`refresh_scheduled`), which the `tokens_expiring_soon` view and the
 * `token.expiring_soon` gauge read. Read-only on the queue. Returns how many expiring connections lack one.
 */
export async function auditRefreshJobs(
  ctx: HealthContext,
  options: { refreshQueue: Queue; horizonMs: number },
): Promise<{ expiring: number; missing: number }> {
  const now = ctx.now();
  const expiring = await ctx.db
    .select({ connectionId: monitoredConnections.connectionId })
    .from(monitoredConnections)
    .where(
      and(
        notInArray(monitoredConnections.status, ["revoked", "needs_reauth"]),
        isNotNull(monitoredConnections.accessExpiresAt),
        lte(monitoredConnections.accessExpiresAt, new Date(now.getTime() + options.horizonMs)),
      ),
    );
  if (expiring.length === 0) return { expiring: 0, missing: 0 };
  const pending = await pendingRefreshConnections(options.refreshQueue);
  const ids = expiring.map((row) => row.connectionId);
  const scheduled = ids.filter((id) => pending.has(id));
  const missing = ids.filter((id) => !pending.has(id));
  for (const [flag, group] of [
    [true, scheduled],
    [false, missing],
  ] as const) {
    if (group.length === 0) continue;
    await ctx.db
      .update(monitoredConnections)
      .set({ refreshScheduled: flag, refreshAuditedAt: now })
      .where(inArray(monitoredConnections.connectionId, group));
  }
  return { expiring: ids.length, missing: missing.length };
}

async function pendingRefreshConnections(queue: Queue): Promise<Set<string>> {
  const ids = new Set<string>();
  const pageSize = 1_000;
  for (let start = 0; ; start += pageSize) {
    const jobs = await queue.getJobs([...pendingStates], start, start + pageSize - 1);
    for (const job of jobs) {
      const connectionId = /^refresh:([^:]+):/.exec(job?.id ?? "")?.[1];
      if (connectionId) ids.add(connectionId);
    }
    if (jobs.length < pageSize) return ids;
  }
}
