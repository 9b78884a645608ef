import type { Platform } from "@postd/contracts";
import { AppError, notFound } from "@postd/service-kit";
import { recordMetric, withSpan } from "@postd/telemetry";
import { and, eq } from "drizzle-orm";
import type { HealthContext } from "../context";
import { monitoredConnections } from "../db/schema";
import { type CheckTrigger, recordCheck } from "./record-check";
import { runPlatformCheck } from "./run-platform-check";

export interface ConnectionCheckResult {
  status: "healthy" | "unhealthy" | "error";
  latencyMs: number;
  detail: string;
  checkedAt: string;
}

/**
 * Checks one connection now: its token from token-service, the connector's `healthCheck`, the result stored and
 * `connection.health_checked.v1` emitted. A connection token-service does not know answers NOT_FOUND (a foreign
 * one too), and its schedule is dropped.
 */
export function checkConnection(
  ctx: HealthContext,
  input: { tenantId: string; connectionId: string; trigger: CheckTrigger },
): Promise<ConnectionCheckResult> {
  const attributes = { "postd.tenant_id": input.tenantId, "postd.connection_id": input.connectionId };
  return withSpan("health.check-connection", { attributes }, async (span) => {
    const known = await findMonitored(ctx, input);
    const logger = ctx.logger.child({ tenantId: input.tenantId, connectionId: input.connectionId });
    let check: Awaited<ReturnType<typeof runPlatformCheck>>;
    try {
      check = await runPlatformCheck(
        { ...ctx, logger },
        { ...input, knownPlatform: (known?.platform as Platform | undefined) ?? null },
      );
    } catch (error) {
      if (error instanceof AppError && error.code === "NOT_FOUND") {
        // only the owner's row was found above: another tenant's request never touches the schedule
        if (known) await ctx.scheduler.unschedule(input.connectionId);
        throw notFound(`connection ${input.connectionId}`);
      }
      throw error;
    }
    span.setAttributes({ "postd.platform": check.platform, "postd.outcome": check.outcome });
    const checkedAt = ctx.now();
    await recordCheck(ctx, { ...input, check, checkedAt });
    recordMetric("health.check.outcome", 1, { platform: check.platform, outcome: check.outcome });
    const level = check.outcome === "healthy" ? "debug" : "info";
    logger[level](
      {
        platform: check.platform,
        outcome: check.outcome,
        errorKind: check.errorKind,
        latencyMs: check.latencyMs,
      },
      "connection checked",
    );
    return {
      status: check.outcome,
      latencyMs: check.latencyMs,
      detail: check.detail,
      checkedAt: checkedAt.toISOString(),
    };
  });
}

async function findMonitored(ctx: HealthContext, input: { tenantId: string; connectionId: string }) {
  const rows = await ctx.db
    .select({ platform: monitoredConnections.platform })
    .from(monitoredConnections)
    .where(
      and(
        eq(monitoredConnections.tenantId, input.tenantId),
        eq(monitoredConnections.connectionId, input.connectionId),
      ),
    )
    .limit(1);
  return rows[0];
}
