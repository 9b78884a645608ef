import { AppError } from "@postd/service-kit";
import { eq } from "drizzle-orm";
import { type ConnectionCheckResult, checkConnection } from "../checks/check-connection";
import type { HealthContext } from "../context";
import { monitoredConnections } from "../db/schema";
import type { CheckJobData } from "./check.job";

/** Statuses whose checks are skipped: the grant is gone until the tenant reconnects (`connection.connected.v1`). */
const skippedStatuses = new Set(["revoked", "needs_reauth"]);

export type CheckJobResult = ConnectionCheckResult | { skipped: string };

/**
 * One check job: a scheduled one (`check`) first looks at what health-service knows of the connection — gone or
 * revoked drops the schedule, needs_reauth waits for a reconnect; an on-demand one (`check-now`) always checks.
 */
export async function processCheckJob(
  ctx: HealthContext,
  input: { data: CheckJobData; onDemand: boolean },
): Promise<CheckJobResult> {
  const { data } = input;
  if (!input.onDemand) {
    const [row] = await ctx.db
      .select({ status: monitoredConnections.status, tenantId: monitoredConnections.tenantId })
      .from(monitoredConnections)
      .where(eq(monitoredConnections.connectionId, data.connectionId))
      .limit(1);
    if (!row || row.status === "revoked" || row.tenantId !== data.tenantId) {
      await ctx.scheduler.unschedule(data.connectionId);
      return { skipped: row ? `connection is ${row.status}` : "connection is not monitored" };
    }
    if (skippedStatuses.has(row.status)) return { skipped: `connection is ${row.status}` };
  }
  try {
    return await checkConnection(ctx, { ...data, trigger: input.onDemand ? "on_demand" : "scheduled" });
  } catch (error) {
    if (!input.onDemand && error instanceof AppError && error.code === "NOT_FOUND") {
      return { skipped: "token-service does not know the connection" };
    }
    throw error;
  }
}
