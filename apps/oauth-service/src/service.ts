import { fileURLToPath } from "node:url";
import { Platform } from "@postd/contracts";
import { createFlags, type Flags } from "@postd/flags";
import {
  createServiceConnectors,
  runPeriodically,
  type ServiceRuntime,
  scaleMs,
  startServiceRuntime,
} from "@postd/service-kit";
import type { Logger, Telemetry } from "@postd/telemetry";
import type { Config } from "./config";
import { type Tables, tables } from "./db/schema";
import type { OAuthContext, OAuthSettings } from "./oauth/context";
import { purgeSessions } from "./oauth/purge-sessions";
import { deriveVerifierKey } from "./oauth/verifier-cipher";
import { handleCompleteOAuth } from "./rpc/complete-oauth.handler";
import { handleStartOAuth } from "./rpc/start-oauth.handler";

export const serviceVersion = "1.0.0";

export interface StartOAuthServiceOptions {
  config: Config;
  telemetry?: Telemetry;
  logger?: Logger;
}

export interface OAuthService {
  runtime: ServiceRuntime<Tables>;
  flags: Flags;
  /** one purge of expired sessions now (the schedule runs it every OAUTH_PURGE_INTERVAL_SECONDS) */
  purgeNow(): ReturnType<typeof purgeSessions>;
  stop(reason?: string): Promise<void>;
}

/**
 * oauth-service: `svc.oauth.start` and `svc.oauth.complete` on NATS, sessions in the `oauth` schema, the
 * `integration_<platform>` flags (created at first start), and a periodic purge of old sessions.
 */
export async function startOAuthService(options: StartOAuthServiceOptions): Promise<OAuthService> {
  const { config } = options;
  const runtime = await startServiceRuntime<Tables>({
    service: "oauth",
    version: serviceVersion,
    config,
    database: {
      schema: "oauth",
      migrationsFolder: fileURLToPath(new URL("../migrations", import.meta.url)),
      tables,
    },
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { logger } = runtime;

  const flags = createFlags({ nc: runtime.nc, ns: runtime.ns, logger: logger.child({ component: "flags" }) });
  runtime.shutdown.register("drain", "flags", () => flags.close());
  await flags.ready();
  await flags.ensureDefaultFlags(Platform.options);

  const connectors = createServiceConnectors(config);
  const settings: OAuthSettings = {
    stateTtlMs: scaleMs(config.OAUTH_STATE_TTL_SECONDS * 1_000, config.TIME_SCALE),
    returnToAllowlist: config.OAUTH_RETURN_TO_ALLOWLIST,
    redirectUriFor: (platform) =>
      `${config.PUBLIC_BASE_URL.replace(/\/+$/, "")}/api/oauth/${platform}/callback`,
  };
  const verifierKey = deriveVerifierKey(config.OAUTH_SESSION_SECRET);
  const contextFor = (requestLogger: Logger): OAuthContext => ({
    db: runtime.database.db,
    logger: requestLogger,
    connectors,
    flags,
    rpc: runtime.rpcClient,
    verifierKey,
    settings,
  });
  handleStartOAuth(runtime.rpc, contextFor);
  handleCompleteOAuth(runtime.rpc, contextFor);

  const retentionMs = scaleMs(config.OAUTH_SESSION_RETENTION_HOURS * 3_600_000, config.TIME_SCALE);
  const purgeNow = () => purgeSessions(runtime.database.db, { retentionMs });
  const purge = runPeriodically({
    name: "purge-oauth-sessions",
    intervalMs: scaleMs(config.OAUTH_PURGE_INTERVAL_SECONDS * 1_000, config.TIME_SCALE),
    logger,
    task: async () => {
      const result = await purgeNow();
      if (result.expired + result.deleted > 0) logger.info(result, "oauth sessions purged");
    },
  });
  runtime.shutdown.register("stop-intake", "purge", () => purge.stop());

  logger.info({ platforms: connectors.configured }, "oauth-service ready");
  return { runtime, flags, purgeNow, stop: (reason = "stop requested") => runtime.stop(reason) };
}
