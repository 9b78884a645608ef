import type { ConnectionStatus } from "@postd/contracts";
import { and, eq } from "drizzle-orm";
import { type ConnectionRow, connections } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";
import { enqueueStatusChanged } from "./status-events";
import { isDeadStatus } from "./status-machine";

/**
 * Moves a connection from the status it had in `row` to `to`, with its event, in the caller's transaction.
 * Conditional on the status still being `row.status`: of two concurrent changes only the first applies (and
 * emits), the other returns null.
 */
export async function changeStatus(
  tx: TokenTransaction,
  input: { row: ConnectionRow; to: ConnectionStatus; reason: string | null },
): Promise<ConnectionRow | null> {
  const { row, to, reason } = input;
  if (row.status === to) return null;
  const [updated] = await tx
    .update(connections)
    .set({
      status: to,
      statusReason: reason,
      updatedAt: new Date(),
      // a dead connection is not refreshed again until it is reconnected
      ...(isDeadStatus(to) ? { nextRefreshAt: null } : {}),
    })
    .where(
      and(
        eq(connections.id, row.id),
        eq(connections.tenantId, row.tenantId),
        eq(connections.status, row.status),
      ),
    )
    .returning();
  if (!updated) return null;
  await enqueueStatusChanged(tx, {
    tenantId: row.tenantId,
    connectionId: row.id,
    platform: row.platform,
    from: row.status,
    to,
    reason,
  });
  return updated;
}
