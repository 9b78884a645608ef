import { AppError } from "@postd/service-kit";
import type { ConnectionRow } from "../db/schema";

/**
 * Refuses a connection that cannot give a token, with a detail a person can act on:
 * `needs_reauth` → UNPROCESSABLE (the request is fine, the grant is gone: the user must reconnect);
 * `revoked` → FORBIDDEN (the tenant disconnected it: using it is not allowed any more).
 * Neither is retryable, so publish-service dead-letters at once.
 */
export function assertUsableConnection(row: ConnectionRow): void {
  if (row.status === "needs_reauth") {
    throw new AppError(
      "UNPROCESSABLE",
      `connection ${row.id} needs re-authorization (${row.statusReason ?? "the platform refused the grant"}): reconnect ${row.platform}`,
    );
  }
  if (row.status === "revoked") {
    throw new AppError(
      "FORBIDDEN",
      `connection ${row.id} was disconnected (${row.statusReason ?? "revoked"}); connect ${row.platform} again to use it`,
    );
  }
}
