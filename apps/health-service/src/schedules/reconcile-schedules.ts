import { notInArray } from "drizzle-orm";
import type { HealthContext } from "../context";
import { monitoredConnections } from "../db/schema";

export interface ScheduleReconciliation {
  added: number;
  removed: number;
}

/** Connections whose checks are not scheduled: revoked ones (needs_reauth keeps its schedule and is skipped). */
const unscheduledStatuses = ["revoked"];

/**
 * Makes the schedules in Redis match Postgres: a scheduler for every live monitored connection (upsert is
 * idempotent and keeps a schedule's timing), none for a revoked or unknown one. After a Redis wipe this puts
 * every schedule back.
 */
export async function reconcileSchedules(ctx: HealthContext): Promise<ScheduleReconciliation> {
  const live = await ctx.db
    .select({ tenantId: monitoredConnections.tenantId, connectionId: monitoredConnections.connectionId })
    .from(monitoredConnections)
    .where(notInArray(monitoredConnections.status, unscheduledStatuses));
  const scheduled = await ctx.scheduler.scheduledConnections();
  let added = 0;
  for (const connection of live) {
    if (scheduled.delete(connection.connectionId)) continue;
    await ctx.scheduler.schedule(connection);
    added += 1;
  }
  // what is left was scheduled without being live
  for (const connectionId of scheduled) await ctx.scheduler.unschedule(connectionId);
  return { added, removed: scheduled.size };
}
