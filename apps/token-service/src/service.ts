import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import type { ConnectorRegistry } from "@postd/connectors";
import { createOutboxRelay, type ServiceRuntime, scaleMs, startServiceRuntime } from "@postd/service-kit";
import { createLogger, type Logger, type Telemetry } from "@postd/telemetry";
import { Queue } from "bullmq";
import type { Config } from "./config";
import { createTokenConnectors } from "./connectors";
import { consumeTokenEvents } from "./consumers/token-events.consumer";
import type { TokenContext } from "./context";
import { outbox, type Tables, tables } from "./db/schema";
import { type RefreshJobData, refreshQueueName } from "./jobs/refresh.job";
import { createRefreshWorker } from "./jobs/refresh.worker";
import { createInflightRefreshes } from "./refresh/inflight-refreshes";
import { createRefreshLocks } from "./refresh/refresh-lock";
import { createRefreshScheduler } from "./refresh/refresh-scheduler";
import type { RefreshSettings } from "./refresh/refresh-settings";
import { type Reconciler, startReconciler } from "./refresh/run-reconciler";
import { registerTokenRpcs } from "./rpc/index";
import { checkVaultBeforeServing } from "./vault/check-vault-before-serving";
import { openTokenVault, type TokenVault } from "./vault/open-token-vault";

export const serviceVersion = "1.0.0";
const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export interface StartTokenServiceOptions {
  config: Config;
  telemetry?: Telemetry;
  logger?: Logger;
  /** tests: connectors over a stubbed fetch; else built from the config */
  connectors?: ConnectorRegistry;
}

export interface TokenService {
  runtime: ServiceRuntime<Tables>;
  context: TokenContext;
  tokenVault: TokenVault;
  refreshQueue: Queue<RefreshJobData>;
  reconciler: Reconciler;
  stop(reason?: string): Promise<void>;
}

/**
 * token-service: the only holder of plaintext tokens and of the vault key. Checks the vault's master key before
 * anything is served (a wrong key throws, and main exits), then starts the runtime, the `svc.token.*` verbs, the
 * outbox relay, the refresh worker (`token-service.refresh`), the `webhook.received.v1` consumer and the reconciler.
 */
export async function startTokenService(options: StartTokenServiceOptions): Promise<TokenService> {
  const { config } = options;
  const logger =
    options.logger ??
    createLogger({
      service: "token-service",
      level: config.LOG_LEVEL,
      pretty: process.stdout.isTTY === true && config.NODE_ENV !== "production",
    });
  await checkVaultBeforeServing({ config, logger, migrationsFolder });
  const runtime = await startServiceRuntime<Tables>({
    service: "token",
    version: serviceVersion,
    // spelled out: the runtime's config type wants the optional endpoint as a present key
    config: { ...config, OTEL_EXPORTER_OTLP_ENDPOINT: config.OTEL_EXPORTER_OTLP_ENDPOINT },
    database: { schema: "token", migrationsFolder, tables },
    logger,
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
  });
  const { db } = runtime.database;
  const tokenVault = await openTokenVault({ db, config }).catch(async (error: unknown) => {
    await runtime.stop("the vault did not open");
    throw error;
  });
  const refreshQueue = new Queue<RefreshJobData>(refreshQueueName, {
    connection: runtime.redis,
    prefix: config.REDIS_PREFIX,
  });
  runtime.shutdown.register("drain", "refresh-queue", () => refreshQueue.close());
  const context: TokenContext = {
    db,
    logger,
    vault: tokenVault.vault,
    connectors: options.connectors ?? createTokenConnectors(config),
    settings: refreshSettingsOf(config),
    locks: createRefreshLocks({
      redis: runtime.redis,
      prefix: config.REDIS_PREFIX,
      ttlMs: config.REFRESH_LOCK_TTL_MS,
    }),
    scheduler: createRefreshScheduler({ queue: refreshQueue, logger }),
    inflight: createInflightRefreshes(),
    crashPoint: (point) => {
      if (config.TEST_CRASH_POINT !== point) return;
      logger.warn({ point }, "test crash point reached: SIGKILL");
      process.kill(process.pid, "SIGKILL");
    },
  };
  registerTokenRpcs(
    runtime.rpc,
    (requestLogger) => ({ ...context, logger: requestLogger }),
    (requestLogger) => ({ db, logger: requestLogger, tokenVault }),
  );
  await startBackground(runtime, context, config);
  const reconciler = startReconciler(context, {
    intervalMs: Math.max(50, scaleMs(config.RECONCILE_INTERVAL_SECONDS * 1_000, config.TIME_SCALE)),
  });
  runtime.shutdown.register("stop-intake", "reconciler", () => reconciler.stop());
  logger.info(
    { platforms: context.connectors.configured, masterKeyVersion: tokenVault.masterKey.kekVersion },
    "token-service ready",
  );
  return {
    runtime,
    context,
    tokenVault,
    refreshQueue,
    reconciler,
    stop: (reason = "stop requested") => runtime.stop(reason),
  };
}

/** The outbox relay, the refresh worker and the event consumer, each with its place in the shutdown order. */
async function startBackground(runtime: ServiceRuntime<Tables>, context: TokenContext, config: Config) {
  const relay = createOutboxRelay({
    sql: runtime.database.sql,
    table: outbox,
    js: jetstream(runtime.nc),
    ns: runtime.ns,
    logger: context.logger,
  });
  await relay.start();
  runtime.shutdown.register("drain", "outbox-relay", () => relay.stop());
  const worker = createRefreshWorker(context, {
    connection: runtime.redis,
    prefix: config.REDIS_PREFIX,
    concurrency: config.REFRESH_CONCURRENCY,
    timeScale: config.TIME_SCALE,
  });
  runtime.shutdown.register("stop-intake", "refresh-worker", () => worker.close());
  const consumer = await consumeTokenEvents(context, { nc: runtime.nc, ns: runtime.ns });
  runtime.shutdown.register("stop-intake", "event-consumer", () => consumer.stop());
}

function refreshSettingsOf(config: Config): RefreshSettings {
  return {
    marginMs: (platform) =>
      (platform === "meta" ? config.META_REFRESH_MARGIN_SECONDS : config.REFRESH_MARGIN_SECONDS) * 1_000,
    jitterMs: config.REFRESH_JITTER_SECONDS * 1_000,
    reauthWarningMs: config.REAUTH_WARNING_SECONDS * 1_000,
    lockTtlMs: config.REFRESH_LOCK_TTL_MS,
    claimStaleMs: config.REFRESH_CLAIM_STALE_MS,
    waitTimeoutMs: config.REFRESH_WAIT_TIMEOUT_MS,
    pollIntervalMs: 25,
    forceRefreshMinAgeMs: scaleMs(10_000, config.TIME_SCALE),
    timeScale: config.TIME_SCALE,
  };
}
