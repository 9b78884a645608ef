import { ConnectionHealthChecked, newId, type Platform } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import { eq } from "drizzle-orm";
import type { HealthContext } from "../context";
import { checkResults, monitoredConnections, outbox } from "../db/schema";
import type { PlatformCheck } from "./run-platform-check";

export type CheckTrigger = "scheduled" | "on_demand";

/**
 * Stores one check and its `connection.health_checked.v1` event in one transaction (the outbox), and updates
 * what health-service knows of the connection: last outcome, token expiry. Returns the check's id.
 */
export async function recordCheck(
  ctx: HealthContext,
  input: {
    tenantId: string;
    connectionId: string;
    trigger: CheckTrigger;
    check: PlatformCheck;
    checkedAt: Date;
  },
): Promise<string> {
  const { check, checkedAt } = input;
  const id = newId("healthCheck");
  await ctx.db.transaction(async (tx) => {
    await tx.insert(checkResults).values({
      id,
      tenantId: input.tenantId,
      connectionId: input.connectionId,
      platform: check.platform,
      outcome: check.outcome,
      errorKind: check.errorKind,
      detail: check.detail,
      latencyMs: check.latencyMs,
      trigger: input.trigger,
      checkedAt,
    });
    await tx
      .update(monitoredConnections)
      .set({
        lastCheckedAt: checkedAt,
        lastOutcome: check.outcome,
        lastErrorKind: check.errorKind,
        ...(check.expiresAt ? { accessExpiresAt: check.expiresAt } : {}),
      })
      .where(eq(monitoredConnections.connectionId, input.connectionId));
    await enqueueEvent(tx, outbox, {
      event: ConnectionHealthChecked,
      tenantId: input.tenantId,
      occurredAt: checkedAt,
      data: {
        connectionId: input.connectionId,
        platform: check.platform as Platform,
        outcome: check.outcome,
        errorKind: check.errorKind,
        detail: check.detail,
        latencyMs: check.latencyMs,
        checkedAt: checkedAt.toISOString(),
      },
    });
  });
  return id;
}
