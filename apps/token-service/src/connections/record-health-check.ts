import type { ConnectionHealthChecked, EventEnvelope } from "@postd/contracts";
import { and, eq } from "drizzle-orm";
import type { TokenContext } from "../context";
import { type ConnectionRow, connections } from "../db/schema";
import { changeStatus } from "./change-status";
import { isDeadStatus } from "./status-machine";

/** Health-check failures that mean the grant no longer works: the user must reconnect. */
const reauthKinds = new Set(["auth_revoked", "permission_denied"]);

/**
 * `connection.health_checked.v1`: keeps the connection's last check (only a newer check replaces it, so a
 * redelivered or late event changes nothing) and applies a failure to its status — a revoked grant or a lost
 * permission → `needs_reauth` with its `connection.status_changed.v1`, unless the connection was re-authorized
 * after the check ran. An `error` outcome (the check itself failed) never changes the status.
 */
export async function recordHealthCheck(
  ctx: Pick<TokenContext, "db" | "logger" | "scheduler">,
  envelope: EventEnvelope<typeof ConnectionHealthChecked>,
): Promise<void> {
  const { data, tenantId } = envelope;
  if (tenantId === null) return;
  const checkedAt = new Date(data.checkedAt);
  const changed = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(connections)
      .where(and(eq(connections.id, data.connectionId), eq(connections.tenantId, tenantId)))
      .for("update");
    if (!row || (row.lastHealthCheckedAt && row.lastHealthCheckedAt >= checkedAt)) return null;
    await tx
      .update(connections)
      .set({ lastHealthStatus: data.outcome, lastHealthCheckedAt: checkedAt })
      .where(eq(connections.id, row.id));
    if (!needsReauthorization(row, data, checkedAt)) return null;
    return changeStatus(tx, { row, to: "needs_reauth", reason: `health_check_${data.errorKind}` });
  });
  if (changed) {
    ctx.logger.info(
      { connectionId: changed.id, platform: changed.platform, errorKind: data.errorKind },
      "health check found the grant refused: connection needs re-authorization",
    );
    await ctx.scheduler.unschedule(changed.id, changed.version);
  }
}

function needsReauthorization(
  row: ConnectionRow,
  data: EventEnvelope<typeof ConnectionHealthChecked>["data"],
  checkedAt: Date,
): boolean {
  if (data.outcome !== "unhealthy" || !data.errorKind || !reauthKinds.has(data.errorKind)) return false;
  if (isDeadStatus(row.status) || row.status === "needs_reauth") return false;
  return row.tokenUpdatedAt.getTime() <= checkedAt.getTime();
}
