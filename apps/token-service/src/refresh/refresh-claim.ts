import { and, eq, isNull, lt, notInArray, or, sql } from "drizzle-orm";
import { type ConnectionRow, connections } from "../db/schema";
import type { TokenDatabase } from "../db/token-database";

export interface RefreshClaim {
  row: ConnectionRow;
  /** the claim was taken over from a holder presumed dead, whose refresh may have reached the platform */
  tookOver: boolean;
}

/**
 * The database fence of a refresh: atomically marks the row as being refreshed by `owner`, only at the version the
 * caller saw and only if nobody holds a live claim. Only the claimant sends the refresh token; everything it
 * writes afterwards is conditional on `version = $v AND refresh_owner = $owner`.
 */
export async function claimRefresh(
  db: TokenDatabase,
  input: { tenantId: string; connectionId: string; version: number; owner: string; staleMs: number },
): Promise<RefreshClaim | null> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select({ refreshOwner: connections.refreshOwner })
      .from(connections)
      .where(and(eq(connections.id, input.connectionId), eq(connections.tenantId, input.tenantId)))
      .for("update");
    if (!before) return null;
    const row = await claimRow(tx, input);
    return row ? { row, tookOver: before.refreshOwner !== null } : null;
  });
}

async function claimRow(
  db: Pick<TokenDatabase, "update">,
  input: { tenantId: string; connectionId: string; version: number; owner: string; staleMs: number },
): Promise<ConnectionRow | null> {
  const staleBefore = sql`now() - (${input.staleMs}::integer * interval '1 millisecond')`;
  const [claimed] = await db
    .update(connections)
    .set({ refreshOwner: input.owner, refreshClaimedAt: sql`now()` })
    .where(
      and(
        eq(connections.id, input.connectionId),
        eq(connections.tenantId, input.tenantId),
        eq(connections.version, input.version),
        notInArray(connections.status, ["needs_reauth", "revoked"]),
        or(isNull(connections.refreshOwner), lt(connections.refreshClaimedAt, staleBefore)),
      ),
    )
    .returning();
  return claimed ?? null;
}

/** What a waiter looks at while another process refreshes. */
export interface RefreshProgress {
  version: number;
  status: ConnectionRow["status"];
  refreshOwner: string | null;
  refreshFailures: number;
  /** the claim is older than the stale limit: its holder is presumed dead */
  claimIsStale: boolean;
}

export async function readRefreshProgress(
  db: TokenDatabase,
  input: { tenantId: string; connectionId: string; staleMs: number },
): Promise<RefreshProgress | null> {
  const [row] = await db
    .select({
      version: connections.version,
      status: connections.status,
      refreshOwner: connections.refreshOwner,
      refreshFailures: connections.refreshFailures,
      claimIsStale: sql<boolean>`coalesce(${connections.refreshClaimedAt} < now() - (${input.staleMs}::integer * interval '1 millisecond'), false)`,
    })
    .from(connections)
    .where(and(eq(connections.id, input.connectionId), eq(connections.tenantId, input.tenantId)));
  return row ?? null;
}
