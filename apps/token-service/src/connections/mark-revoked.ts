import { ConnectionRevoked, type RevocationReason } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import { and, asc, eq, isNull, ne, sql } from "drizzle-orm";
import type { z } from "zod";
import { type ConnectionRow, connectionAccounts, connections, outbox } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";
import { deleteSecrets } from "../secrets/write-secrets";
import { enqueueStatusChanged } from "./status-events";

/**
 * Ends a connection in the caller's transaction: status `revoked` (version + 1, so an in-flight refresh cannot
 * store its result), every secret deleted, the webhook secret forgotten, and `connection.status_changed.v1` plus
 * `connection.revoked.v1` in the outbox. Returns null (and does nothing) when it was already revoked.
 */
export async function markRevoked(
  tx: TokenTransaction,
  input: { tenantId: string; connectionId: string; reason: z.infer<typeof RevocationReason> },
): Promise<ConnectionRow | null> {
  const [previous] = await tx
    .select()
    .from(connections)
    .where(and(eq(connections.id, input.connectionId), eq(connections.tenantId, input.tenantId)))
    .for("update");
  if (!previous || previous.status === "revoked") return null;
  const now = new Date();
  const [row] = await tx
    .update(connections)
    .set({
      status: "revoked",
      statusReason: input.reason,
      version: sql`${connections.version} + 1`,
      refreshOwner: null,
      refreshClaimedAt: null,
      nextRefreshAt: null,
      webhookSecretHash: null,
      updatedAt: now,
    })
    .where(and(eq(connections.id, previous.id), ne(connections.status, "revoked")))
    .returning();
  if (!row) return null;
  await deleteSecrets(tx, { tenantId: input.tenantId, connectionId: row.id });
  const accounts = await tx
    .select({ id: connectionAccounts.id })
    .from(connectionAccounts)
    .where(and(eq(connectionAccounts.connectionId, row.id), isNull(connectionAccounts.removedAt)))
    .orderBy(asc(connectionAccounts.createdAt), asc(connectionAccounts.id));
  const change = { tenantId: row.tenantId, connectionId: row.id, platform: row.platform };
  await enqueueStatusChanged(tx, { ...change, from: previous.status, to: "revoked", reason: input.reason });
  await enqueueEvent(tx, outbox, {
    event: ConnectionRevoked,
    tenantId: row.tenantId,
    data: {
      connectionId: row.id,
      platform: row.platform,
      accountIds: accounts.map((a) => a.id),
      reason: input.reason,
    },
  });
  return row;
}
