import type { ConnectionStatus } from "@postd/contracts";
import { eq, sql } from "drizzle-orm";
import { enqueueStatusChanged } from "../connections/status-events";
import { isDeadStatus } from "../connections/status-machine";
import type { TokenContext } from "../context";
import { type ConnectionRow, connections } from "../db/schema";
import { lockClaimedRow } from "./lock-claimed-row";
import type { RefreshFailure } from "./refresh-failure";

/**
 * Ends a failed attempt: clears the claim, counts the failure and moves the status as the failure says —
 * `needs_reauth` at once for a lost grant; `error` for a refused request, or for a transient failure once the
 * access token has actually expired; otherwise unchanged (the job retries with backoff). One status event at most.
 */
export async function recordRefreshFailure(
  ctx: Pick<TokenContext, "db">,
  input: { claimed: ConnectionRow; owner: string; failure: RefreshFailure },
): Promise<ConnectionRow> {
  const { failure } = input;
  return ctx.db.transaction(async (tx) => {
    const current = await lockClaimedRow(tx, input);
    const now = new Date();
    const status = statusAfterFailure(current, failure, now);
    const reason = status === current.status ? current.statusReason : failure.code;
    const [row] = await tx
      .update(connections)
      .set({
        refreshOwner: null,
        refreshClaimedAt: null,
        refreshFailures: sql`${connections.refreshFailures} + 1`,
        lastRefreshError: failure.code,
        status,
        statusReason: reason,
        ...(isDeadStatus(status) ? { nextRefreshAt: null } : {}),
        updatedAt: now,
      })
      .where(eq(connections.id, current.id))
      .returning();
    if (!row) throw new Error(`connection ${current.id} vanished under its row lock`);
    await enqueueStatusChanged(tx, {
      tenantId: current.tenantId,
      connectionId: current.id,
      platform: current.platform,
      from: current.status,
      to: status,
      reason,
    });
    return row;
  });
}

function statusAfterFailure(row: ConnectionRow, failure: RefreshFailure, now: Date): ConnectionStatus {
  if (isDeadStatus(row.status)) return row.status;
  if (failure.effect === "needs_reauth") return "needs_reauth";
  if (failure.effect === "error") return "error";
  const expired = row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime();
  return expired ? "error" : row.status;
}
