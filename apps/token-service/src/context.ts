import type { ConnectorRegistry } from "@postd/connectors";
import type { Logger } from "@postd/telemetry";
import type { Vault } from "@postd/vault";
import type { TokenDatabase } from "./db/token-database";
import type { InflightRefreshes } from "./refresh/inflight-refreshes";
import type { RefreshLocks } from "./refresh/refresh-lock";
import type { RefreshScheduler } from "./refresh/refresh-scheduler";
import type { RefreshSettings } from "./refresh/refresh-settings";

/** What every token-service verb works with; one per process, with a child logger per request or job. */
export interface TokenContext {
  db: TokenDatabase;
  logger: Logger;
  vault: Vault;
  connectors: ConnectorRegistry;
  settings: RefreshSettings;
  locks: RefreshLocks;
  scheduler: RefreshScheduler;
  inflight: InflightRefreshes;
  /** where a test crash point fires (`TEST_CRASH_POINT`); a no-op in production */
  crashPoint(point: "after-revoke-commit"): void;
}

/** Who asked, recorded in the secret access log next to each read. */
export interface AccessMeta {
  caller: string;
  purpose: string;
  requestId: string | null;
}

/** token-service's own reads (refresh, revoke) */
export function internalAccess(purpose: string): AccessMeta {
  return { caller: "token-service", purpose, requestId: null };
}
