import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import type { ConnectorRegistry } from "@postd/connectors";
import { Platform } from "@postd/contracts";
import {
  createOutboxRelay,
  createServiceConnectors,
  type ServiceRuntime,
  scaleMs,
  startServiceRuntime,
} from "@postd/service-kit";
import type { Logger, Telemetry } from "@postd/telemetry";
import { Queue, QueueEvents } from "bullmq";
import type { Config } from "./config";
import { consumeHealthEvents } from "./consumers/health-events.consumer";
import type { HealthContext } from "./context";
import { outbox, type Tables, tables } from "./db/schema";
import { type CheckJobData, checkQueueName } from "./jobs/check.job";
import { createCheckWorker } from "./jobs/check.worker";
import { observeQueueGauges } from "./queues/queue-gauges";
import { createQueueInspector, type QueueInspector } from "./queues/queue-inspector";
import { handleCheckConnection } from "./rpc/check-connection.handler";
import { handleMetricsRollup } from "./rpc/metrics-rollup.handler";
import { handleQueueHealth } from "./rpc/queue-health.handler";
import { handleSystemHealth } from "./rpc/system-health.handler";
import { createCheckScheduler } from "./schedules/check-scheduler";
import { type Reconciler, startReconciler } from "./schedules/run-reconciler";
import { parseExpectedServices } from "./system/check-services";
import { refreshQueueName } from "./tokens/audit-refresh-jobs";
import { observeExpiringTokens } from "./tokens/expiring-gauge";

export const serviceVersion = "1.0.0";

export interface StartHealthServiceOptions {
  config: Config;
  telemetry?: Telemetry;
  logger?: Logger;
  /** tests: connectors over a stubbed fetch; else built from the config */
  connectors?: ConnectorRegistry;
}

export interface HealthService {
  runtime: ServiceRuntime<Tables>;
  context: HealthContext;
  checkQueue: Queue<CheckJobData>;
  queues: QueueInspector;
  reconciler: Reconciler;
  stop(reason?: string): Promise<void>;
}

/**
 * health-service: periodic and on-demand connection checks (`health-service.check`, one job scheduler per
 * connection), `svc.health.check-connection|queues|system|metrics-rollup`, the connection and publish-outcome
 * event consumer, the outbox relay for `connection.health_checked.v1`, the reconciler, and the queue-depth and
 * expiring-token gauges.
 */
export async function startHealthService(options: StartHealthServiceOptions): Promise<HealthService> {
  const { config } = options;
  const runtime = await startServiceRuntime<Tables>({
    service: "health",
    version: serviceVersion,
    config: { ...config, OTEL_EXPORTER_OTLP_ENDPOINT: config.OTEL_EXPORTER_OTLP_ENDPOINT },
    database: {
      schema: "health",
      migrationsFolder: fileURLToPath(new URL("../migrations", import.meta.url)),
      tables,
    },
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { logger, redis, shutdown } = runtime;
  const bullmq = { connection: redis, prefix: config.REDIS_PREFIX };
  const checkQueue = new Queue<CheckJobData>(checkQueueName, bullmq);
  const refreshQueue = new Queue(refreshQueueName, bullmq);
  const checkEvents = new QueueEvents(checkQueueName, bullmq);
  // without a listener a lost Redis connection is printed to stderr on every retry
  const onQueueError = (error: Error) => logger.debug({ err: error }, "queue client error");
  checkQueue.on("error", onQueueError);
  refreshQueue.on("error", onQueueError);
  checkEvents.on("error", onQueueError);
  shutdown.register("drain", "queues", async () => {
    await Promise.all([checkQueue.close(), refreshQueue.close(), checkEvents.close()]);
  });
  const context: HealthContext = {
    db: runtime.database.db,
    logger,
    rpc: runtime.rpcClient,
    connectors: options.connectors ?? createConnectors(config),
    scheduler: createCheckScheduler({
      queue: checkQueue,
      intervalMs: Math.max(100, scaleMs(config.HEALTH_CHECK_INTERVAL_MS, config.TIME_SCALE)),
      logger,
    }),
    now: () => new Date(),
  };
  const queues = createQueueInspector({
    redis,
    prefix: config.REDIS_PREFIX,
    knownQueues: config.HEALTH_KNOWN_QUEUES,
    timeoutMs: config.HEALTH_COMPONENT_TIMEOUT_MS,
  });
  shutdown.register("close-clients", "queue-inspector", () => queues.close());
  registerRpcs(runtime, context, { config, checkQueue, checkEvents, queues });
  const reconciler = await startBackground(runtime, context, { config, queues, refreshQueue });
  logger.info({ platforms: context.connectors.configured }, "health-service ready");
  return {
    runtime,
    context,
    checkQueue,
    queues,
    reconciler,
    stop: (reason = "stop requested") => runtime.stop(reason),
  };
}

function registerRpcs(
  runtime: ServiceRuntime<Tables>,
  context: HealthContext,
  deps: { config: Config; checkQueue: Queue<CheckJobData>; checkEvents: QueueEvents; queues: QueueInspector },
): void {
  const { config } = deps;
  const expected = parseExpectedServices(config.HEALTH_EXPECTED_SERVICES);
  handleCheckConnection(runtime.rpc, { queue: deps.checkQueue, events: deps.checkEvents, timeoutMs: 30_000 });
  handleQueueHealth(runtime.rpc, deps.queues);
  handleSystemHealth(runtime.rpc, {
    pingPostgres: () => runtime.database.ping(),
    redis: runtime.redis,
    nc: runtime.nc,
    ns: runtime.ns,
    rpc: runtime.rpcClient,
    expectedServices: expected,
    timeoutMs: config.HEALTH_COMPONENT_TIMEOUT_MS,
    now: context.now,
  });
  handleMetricsRollup(runtime.rpc, {
    nc: runtime.nc,
    ns: runtime.ns,
    rpc: runtime.rpcClient,
    expectedServices: expected.map((entry) => entry.service),
    timeoutMs: config.HEALTH_COMPONENT_TIMEOUT_MS,
  });
}

/** The outbox relay, the check worker, the event consumer, the gauges and the reconciler, in shutdown order. */
async function startBackground(
  runtime: ServiceRuntime<Tables>,
  context: HealthContext,
  deps: { config: Config; queues: QueueInspector; refreshQueue: Queue },
): Promise<Reconciler> {
  const { config } = deps;
  const { shutdown } = runtime;
  const relay = createOutboxRelay({
    sql: runtime.database.sql,
    table: outbox,
    js: jetstream(runtime.nc),
    ns: runtime.ns,
    logger: context.logger,
  });
  await relay.start();
  shutdown.register("drain", "outbox-relay", () => relay.stop());
  const worker = createCheckWorker(context, {
    connection: runtime.redis,
    prefix: config.REDIS_PREFIX,
    concurrency: config.HEALTH_CHECK_CONCURRENCY,
  });
  shutdown.register("stop-intake", "check-worker", () => worker.close());
  const consumer = await consumeHealthEvents(context, { nc: runtime.nc, ns: runtime.ns });
  shutdown.register("stop-intake", "event-consumer", () => consumer.stop());
  const stopQueueGauges = observeQueueGauges(deps.queues, context.logger);
  const stopTokenGauge = observeExpiringTokens(context, {
    platforms: Platform.options,
    logger: context.logger,
  });
  shutdown.register("stop-intake", "gauges", async () => {
    stopQueueGauges();
    stopTokenGauge();
  });
  const reconciler = startReconciler(context, {
    redis: runtime.redis,
    prefix: config.REDIS_PREFIX,
    refreshQueue: deps.refreshQueue,
    intervalMs: Math.max(50, scaleMs(config.HEALTH_RECONCILE_INTERVAL_SECONDS * 1_000, config.TIME_SCALE)),
  });
  shutdown.register("stop-intake", "reconciler", () => reconciler.stop());
  return reconciler;
}

function createConnectors(config: Config): ConnectorRegistry {
  return createServiceConnectors(config);
}
