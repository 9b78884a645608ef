import type { ConnectionRow } from "../db/schema";
import type { RefreshFailure } from "./refresh-failure";

/** Why a refresh runs: recorded in the access log purpose and the logs. */
export type RefreshTrigger = "on_demand" | "forced" | "scheduled" | "manual" | "auth_expired";

export type RefreshOutcome =
  /** the connection moved past the version the caller saw: by this refresh, another process's, or a reconnect */
  | { kind: "refreshed"; row: ConnectionRow }
  /** the attempt (ours or another process's) ended without new tokens */
  | { kind: "failed"; row: ConnectionRow; failure: RefreshFailure };

/** The claim was taken over (stale) or the version moved (reconnect, disconnect) while we refreshed. */
export class RefreshClaimLostError extends Error {
  constructor(readonly connectionId: string) {
    super(`the refresh claim on ${connectionId} was lost before its result was written`);
    this.name = "RefreshClaimLostError";
  }
}
