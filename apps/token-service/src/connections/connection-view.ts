import type { ConnectionView } from "@postd/contracts";
import { HealthOutcome } from "@postd/contracts";
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { type AccountRow, type ConnectionRow, connectionAccounts, connections } from "../db/schema";
import type { TokenDatabaseOrTransaction } from "../db/token-database";
import { loadConnection } from "./load-connection";

/** A connection as the API shows it, with its listed accounts; never a token. */
export function toConnectionView(row: ConnectionRow, accounts: readonly AccountRow[]): ConnectionView {
  const health = HealthOutcome.safeParse(row.lastHealthStatus);
  return {
    id: row.id,
    platform: row.platform,
    status: row.status,
    displayName: row.displayName,
    scopes: [...row.scopes],
    expiresAt: row.expiresAt?.toISOString() ?? null,
    lastHealthCheck:
      health.success && row.lastHealthCheckedAt
        ? { status: health.data, checkedAt: row.lastHealthCheckedAt.toISOString() }
        : null,
    accounts: accounts
      .filter((account) => account.connectionId === row.id && account.removedAt === null)
      .map((account) => ({
        id: account.id,
        externalId: account.externalId,
        name: account.name,
        kind: account.kind,
      })),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export async function listedAccounts(
  db: TokenDatabaseOrTransaction,
  input: { tenantId: string; connectionIds: readonly string[] },
): Promise<AccountRow[]> {
  if (input.connectionIds.length === 0) return [];
  return (
    db
      .select()
      .from(connectionAccounts)
      .where(
        and(
          eq(connectionAccounts.tenantId, input.tenantId),
          inArray(connectionAccounts.connectionId, [...input.connectionIds]),
          isNull(connectionAccounts.removedAt),
        ),
      )
      // a stable order (accounts stored together share createdAt; ids within one millisecond are random)
      .orderBy(
        asc(connectionAccounts.createdAt),
        asc(connectionAccounts.kind),
        asc(connectionAccounts.externalId),
        asc(connectionAccounts.id),
      )
  );
}

export async function loadConnectionView(
  db: TokenDatabaseOrTransaction,
  input: { tenantId: string; connectionId: string },
): Promise<ConnectionView> {
  const row = await loadConnection(db, input);
  return toConnectionView(
    row,
    await listedAccounts(db, { tenantId: input.tenantId, connectionIds: [row.id] }),
  );
}

/** Every connection of the tenant, newest first. */
export async function listConnectionViews(
  db: TokenDatabaseOrTransaction,
  input: { tenantId: string },
): Promise<ConnectionView[]> {
  const rows = await db
    .select()
    .from(connections)
    .where(eq(connections.tenantId, input.tenantId))
    .orderBy(desc(connections.createdAt), desc(connections.id));
  const accounts = await listedAccounts(db, {
    tenantId: input.tenantId,
    connectionIds: rows.map((row) => row.id),
  });
  return rows.map((row) => toConnectionView(row, accounts));
}
