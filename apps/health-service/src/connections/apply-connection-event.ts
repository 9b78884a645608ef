import type { Platform } from "@postd/contracts";
import { sql } from "drizzle-orm";
import type { HealthContext } from "../context";
import { monitoredConnections } from "../db/schema";

export interface ConnectionFacts {
  tenantId: string;
  connectionId: string;
  platform: Platform;
  /** token-service's status now, or null to keep the one known (a refresh says nothing of status) */
  status: string | null;
  /** undefined: unchanged; null: the token does not expire */
  accessExpiresAt?: Date | null;
  /** when this became true: the event's occurredAt, or the backfill's read time */
  observedAt: Date;
}

/**
 * Records what an event (or the backfill) says about a connection, unless something newer was already applied:
 * applying the same facts twice, or an older event after a newer one, changes nothing. Returns the row's status
 * afterwards, or null when the facts were older than what is known.
 */
export async function applyConnectionFacts(
  ctx: Pick<HealthContext, "db">,
  facts: ConnectionFacts,
): Promise<string | null> {
  const expires = facts.accessExpiresAt === undefined ? {} : { accessExpiresAt: facts.accessExpiresAt };
  const rows = await ctx.db
    .insert(monitoredConnections)
    .values({
      connectionId: facts.connectionId,
      tenantId: facts.tenantId,
      platform: facts.platform,
      status: facts.status ?? "active",
      observedAt: facts.observedAt,
      ...expires,
    })
    .onConflictDoUpdate({
      target: monitoredConnections.connectionId,
      set: {
        status: facts.status ?? sql`${monitoredConnections.status}`,
        observedAt: facts.observedAt,
        ...expires,
      },
      // a newer fact wins; an equal one is re-applied harmlessly
      setWhere: sql`${monitoredConnections.observedAt} <= ${facts.observedAt.toISOString()}::timestamptz
        and ${monitoredConnections.tenantId} = ${facts.tenantId}`,
    })
    .returning({ status: monitoredConnections.status });
  return rows[0]?.status ?? null;
}
