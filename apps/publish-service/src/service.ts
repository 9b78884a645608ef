import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import { Platform } from "@postd/contracts";
import { createFlags } from "@postd/flags";
import {
  createOutboxRelay,
  createServiceConnectors,
  runPeriodically,
  type ServiceRuntime,
  scaleMs,
  startServiceRuntime,
} from "@postd/service-kit";
import type { Logger, Telemetry } from "@postd/telemetry";
import type { Worker } from "bullmq";
import type { Config, PublishRole } from "./config";
import { consumePublishEvents } from "./consumers/publish-events.consumer";
import type { PublishContext, PublishSettings } from "./context";
import { outbox, type Tables, tables } from "./db/schema";
import { observeQueueGauges } from "./jobs/observe-queue-gauges";
import { createPublishWorker } from "./jobs/publish.worker";
import { closeQueues, createPublishQueues } from "./jobs/publish-queues";
import { purgeIdempotencyKeys } from "./posts/idempotency-keys";
import { type Reconciler, startReconciler } from "./reconcile/start-reconciler";
import { registerPublishRpcs } from "./rpc/index";

export const serviceVersion = "1.0.0";
const migrationsFolder = fileURLToPath(new URL("../migrations", import.meta.url));

export interface StartPublishServiceOptions {
  config: Config;
  telemetry?: Telemetry;
  logger?: Logger;
  /** overrides PUBLISH_ROLE (the worker entry point passes `worker`) */
  role?: PublishRole;
}

export interface PublishService {
  runtime: ServiceRuntime<Tables>;
  context: PublishContext;
  role: PublishRole;
  /** the publish worker, in the `worker` and `all` roles */
  worker: Worker | null;
  reconciler: Reconciler;
  stop(reason?: string): Promise<void>;
}

/**
 * publish-service: `svc.publish.*` (api role), the `publish-service.publish` worker (worker role), and in both
 * the outbox relay, the event consumers, the reconciler (once across replicas) and the idempotency-key purge.
 */
export async function startPublishService(options: StartPublishServiceOptions): Promise<PublishService> {
  const { config } = options;
  const role = options.role ?? config.PUBLISH_ROLE;
  const runtime = await startServiceRuntime<Tables>({
    service: "publish",
    version: serviceVersion,
    config: { ...config, OTEL_EXPORTER_OTLP_ENDPOINT: config.OTEL_EXPORTER_OTLP_ENDPOINT },
    database: { schema: "publish", migrationsFolder, tables },
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const context = await createContext(runtime, config);
  if (role !== "worker") {
    registerPublishRpcs(runtime.rpc, (logger) => ({ ...context, logger }));
  }
  const worker =
    role === "api"
      ? null
      : createPublishWorker(context, {
          connection: runtime.redis,
          prefix: config.REDIS_PREFIX,
          concurrency: config.PUBLISH_CONCURRENCY,
        });
  if (worker) runtime.shutdown.register("stop-intake", "publish-worker", () => worker.close());
  const reconciler = await startBackground(runtime, context, config);
  runtime.logger.info(
    { role, platforms: context.connectors.configured, concurrency: worker ? config.PUBLISH_CONCURRENCY : 0 },
    role === "worker" ? "publish worker started" : "publish-service ready",
  );
  return {
    runtime,
    context,
    role,
    worker,
    reconciler,
    stop: (reason = "stop requested") => runtime.stop(reason),
  };
}

async function createContext(runtime: ServiceRuntime<Tables>, config: Config): Promise<PublishContext> {
  const { logger } = runtime;
  const flags = createFlags({ nc: runtime.nc, ns: runtime.ns, logger: logger.child({ component: "flags" }) });
  runtime.shutdown.register("drain", "flags", () => flags.close());
  await flags.ready();
  await flags.ensureDefaultFlags(Platform.options);
  const queues = createPublishQueues({ connection: runtime.redis, prefix: config.REDIS_PREFIX });
  runtime.shutdown.register("drain", "queues", () => closeQueues(queues));
  return {
    db: runtime.database.db,
    logger,
    connectors: createServiceConnectors(config),
    rpc: runtime.rpcClient,
    flags,
    queues,
    redis: runtime.redis,
    settings: settingsOf(config),
    instanceId: runtime.telemetry.instanceId,
    crashPoint: (point) => {
      if (config.TEST_CRASH_POINT !== point) return;
      logger.warn({ point }, "test crash point reached: SIGKILL");
      process.kill(process.pid, "SIGKILL");
    },
  };
}

/** The outbox relay, the event consumers, the reconciler, the key purge and the queue gauges. */
async function startBackground(
  runtime: ServiceRuntime<Tables>,
  context: PublishContext,
  config: Config,
): Promise<Reconciler> {
  const relay = createOutboxRelay({
    sql: runtime.database.sql,
    table: outbox,
    js: jetstream(runtime.nc),
    ns: runtime.ns,
    logger: context.logger,
  });
  await relay.start();
  runtime.shutdown.register("drain", "outbox-relay", () => relay.stop());
  const consumer = await consumePublishEvents(context, { nc: runtime.nc, ns: runtime.ns });
  runtime.shutdown.register("stop-intake", "event-consumer", () => consumer.stop());
  const reconciler = startReconciler(context, {
    intervalMs: Math.max(50, scaleMs(config.RECONCILE_INTERVAL_MS, config.TIME_SCALE)),
  });
  runtime.shutdown.register("stop-intake", "reconciler", () => reconciler.stop());
  const purge = runPeriodically({
    name: "purge-idempotency-keys",
    intervalMs: Math.max(50, scaleMs(config.IDEMPOTENCY_PURGE_INTERVAL_SECONDS * 1_000, config.TIME_SCALE)),
    logger: context.logger,
    task: async () => {
      const purged = await purgeIdempotencyKeys(context.db);
      if (purged > 0) context.logger.info({ purged }, "expired idempotency keys purged");
    },
  });
  runtime.shutdown.register("stop-intake", "purge", () => purge.stop());
  const stopGauges = observeQueueGauges(context.queues);
  runtime.shutdown.register("stop-intake", "queue-gauges", async () => stopGauges());
  return reconciler;
}

function settingsOf(config: Config): PublishSettings {
  const scale = (ms: number) => scaleMs(ms, config.TIME_SCALE);
  return {
    retryDelaysMs: config.PUBLISH_RETRY_DELAYS_MS.map(scale),
    maxAttempts: config.PUBLISH_RETRY_DELAYS_MS.length + 1,
    leaseMs: config.PUBLISH_LEASE_MS,
    connectorTimeoutMs: config.CONNECTOR_TIMEOUT_MS,
    idempotencyTtlMs: scale(config.IDEMPOTENCY_TTL_HOURS * 3_600_000),
    queueMaxWaiting: config.PUBLISH_QUEUE_MAX_WAITING,
    backpressureRetryAfterSeconds: config.PUBLISH_BACKPRESSURE_RETRY_AFTER_SECONDS,
    analyticsCacheMs: scale(config.ANALYTICS_CACHE_SECONDS * 1_000),
    pacing: {
      tiktok: {
        perWindow: config.PACE_TIKTOK_INITS_PER_WINDOW,
        windowMs: config.PACE_TIKTOK_WINDOW_SECONDS * 1_000,
      },
      mailchimpConcurrency: config.PACE_MAILCHIMP_CONCURRENCY,
      mailchimpSlotTtlMs: config.PUBLISH_LEASE_MS,
      linkedinDaily: config.PACE_LINKEDIN_DAILY_LIMIT,
      instagramDaily: config.PACE_INSTAGRAM_DAILY_LIMIT,
      gbpEditsPerMinute: config.PACE_GBP_EDITS_PER_MINUTE,
    },
    redisPrefix: config.REDIS_PREFIX,
  };
}
