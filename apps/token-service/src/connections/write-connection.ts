import type { ConnectionStatus } from "@postd/contracts";
import { and, eq, sql } from "drizzle-orm";
import { type ConnectionRow, connections } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";
import type { StoreInput, StorePlan } from "./plan-store";

/** The connection columns a store sets, new or reconnected. */
export interface ConnectionWrite {
  status: ConnectionStatus;
  expiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  nextRefreshAt: Date | null;
  now: Date;
}

/**
 * Inserts the connection, or updates the existing one for the same platform user (same id, version + 1, status
 * from the write, claim cleared so an in-flight refresh of the old grant cannot store its result). Throws
 * `StorePlanStale` when the row changed identity since the plan (a concurrent first store): the caller plans again.
 */
export async function writeConnection(
  tx: TokenTransaction,
  input: { request: StoreInput; plan: StorePlan; write: ConnectionWrite },
): Promise<{ row: ConnectionRow; previous: ConnectionRow | null }> {
  const { request, plan, write } = input;
  const [previous] = await tx
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.tenantId, request.tenantId),
        eq(connections.platform, request.platform),
        eq(connections.externalUserId, request.externalUserId),
      ),
    )
    .for("update");
  if ((previous?.id ?? null) !== (plan.existing?.id ?? null)) throw new StorePlanStale();
  const columns = {
    displayName: request.displayName,
    status: write.status,
    statusReason: null,
    scopes: [...request.tokens.scopes],
    expiresAt: write.expiresAt,
    refreshTokenExpiresAt: write.refreshTokenExpiresAt,
    metadata: { ...request.metadata },
    tokenUpdatedAt: write.now,
    refreshFailures: 0,
    lastRefreshError: null,
    nextRefreshAt: write.nextRefreshAt,
    updatedAt: write.now,
    ...(plan.webhookSecretHash ? { webhookSecretHash: plan.webhookSecretHash } : {}),
  };
  if (!previous) {
    const [row] = await tx
      .insert(connections)
      .values({
        id: plan.connectionId,
        tenantId: request.tenantId,
        platform: request.platform,
        externalUserId: request.externalUserId,
        ...columns,
      })
      .returning();
    if (!row) throw new Error("insert returned no connection");
    return { row, previous: null };
  }
  const [row] = await tx
    .update(connections)
    .set({ ...columns, version: sql`${connections.version} + 1`, refreshOwner: null, refreshClaimedAt: null })
    .where(eq(connections.id, previous.id))
    .returning();
  if (!row) throw new Error(`connection ${previous.id} vanished under its row lock`);
  return { row, previous };
}

export class StorePlanStale extends Error {
  constructor() {
    super("the connection was stored concurrently; planning again");
    this.name = "StorePlanStale";
  }
}
