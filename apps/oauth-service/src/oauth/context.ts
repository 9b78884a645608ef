import type { ConnectorRegistry } from "@postd/connectors";
import type { Platform } from "@postd/contracts";
import type { Flags } from "@postd/flags";
import type { DrizzleDatabase, RpcClient } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";
import type { Tables } from "../db/schema";
import type { VerifierKey } from "./verifier-cipher";

/** What the OAuth verbs work with: one per request, with the request's logger. */
export interface OAuthContext {
  db: DrizzleDatabase<Tables>;
  logger: Logger;
  connectors: ConnectorRegistry;
  flags: Pick<Flags, "isEnabled">;
  rpc: RpcClient;
  verifierKey: VerifierKey;
  settings: OAuthSettings;
}

export interface OAuthSettings {
  /** the state's life, already scaled by TIME_SCALE */
  stateTtlMs: number;
  /** normalized origins a returnTo may point at */
  returnToAllowlist: readonly string[];
  /** `${PUBLIC_BASE_URL}/api/oauth/<platform>/callback`, as registered with the platform */
  redirectUriFor(platform: Platform): string;
}
