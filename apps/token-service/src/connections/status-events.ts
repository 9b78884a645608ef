import { type ConnectionStatus, ConnectionStatusChanged, type Platform } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import { outbox } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";
import { canTransition } from "./status-machine";

export interface StatusChange {
  tenantId: string;
  connectionId: string;
  platform: Platform;
  from: ConnectionStatus;
  to: ConnectionStatus;
  reason: string | null;
}

/**
 * Writes `connection.status_changed.v1` into the outbox of the transaction that changed the status; a no-op when
 * the status did not change. An illegal transition is a programming error and throws (rolling the change back).
 */
export async function enqueueStatusChanged(tx: TokenTransaction, change: StatusChange): Promise<void> {
  if (change.from === change.to) return;
  if (!canTransition(change.from, change.to)) {
    throw new Error(
      `illegal connection status transition ${change.from} → ${change.to} (${change.connectionId})`,
    );
  }
  await enqueueEvent(tx, outbox, {
    event: ConnectionStatusChanged,
    tenantId: change.tenantId,
    data: {
      connectionId: change.connectionId,
      platform: change.platform,
      from: change.from,
      to: change.to,
      reason: change.reason,
    },
  });
}
