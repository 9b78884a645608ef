import type { ConnectionStatus } from "@postd/contracts";

/**
 * The connection status machine (README "Status machine"). `active` and `expiring` serve tokens; `error` serves a
 * token while it is still valid and keeps retrying the refresh; `needs_reauth` and `revoked` serve nothing and
 * leave only through a reconnect (`store`), which always lands on `active`.
 */
export const statusTransitions: Readonly<Record<ConnectionStatus, readonly ConnectionStatus[]>> = {
  active: ["expiring", "needs_reauth", "error", "revoked"],
  expiring: ["active", "needs_reauth", "error", "revoked"],
  error: ["active", "expiring", "needs_reauth", "revoked"],
  needs_reauth: ["active", "revoked"],
  revoked: ["active"],
};

export function canTransition(from: ConnectionStatus, to: ConnectionStatus): boolean {
  return statusTransitions[from].includes(to);
}

/** No token is handed out and no refresh is attempted in these. */
export function isDeadStatus(status: ConnectionStatus): boolean {
  return status === "needs_reauth" || status === "revoked";
}
