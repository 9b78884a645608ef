import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import { createOutboxRelay, type ServiceRuntime, scaleMs, startServiceRuntime } from "@postd/service-kit";
import type { Logger, Telemetry } from "@postd/telemetry";
import { Queue } from "bullmq";
import type { Config } from "./config";
import { consumeDeliverableEvents } from "./consumers/events.consumer";
import type { WebhookContext, WebhookSettings } from "./context";
import { outbox, type Tables, tables } from "./db/schema";
import { deliverQueueName } from "./jobs/deliver.job";
import { createDeliverWorker } from "./jobs/deliver.worker";
import { createDeliveryScheduler } from "./jobs/delivery-scheduler";
import { type Reconciler, startReconciler } from "./jobs/run-reconciler";
import { createOutboundPolicy, type Resolver } from "./outbound/outbound-policy";
import { registerWebhookRpcs } from "./rpc/index";
import { openSecretBox } from "./secrets/signing-vault";

export const serviceVersion = "1.0.0";

export interface StartWebhookServiceOptions {
  config: Config;
  telemetry?: Telemetry;
  logger?: Logger;
  /** tests: a resolver whose answers they control (DNS rebinding); else the system resolver */
  resolver?: Resolver;
  /** tests: a fixed jitter */
  random?: () => number;
}

export interface WebhookService {
  runtime: ServiceRuntime<Tables>;
  context: WebhookContext;
  queue: Queue;
  reconciler: Reconciler;
  stop(reason?: string): Promise<void>;
}

/**
 * webhook-service: the `svc.webhook.*` verbs (endpoints, deliveries, replay), the durable `webhook-service`
 * consumer of the post and connection events, the `webhook-service.deliver` worker, the outbox relay for
 * `webhook.endpoint_disabled.v1`, and the reconciler. The vault's master secret is checked before any of it starts.
 */
export async function startWebhookService(options: StartWebhookServiceOptions): Promise<WebhookService> {
  const { config } = options;
  const runtime = await startServiceRuntime<Tables>({
    service: "webhook",
    version: serviceVersion,
    config,
    database: {
      schema: "webhooks",
      migrationsFolder: fileURLToPath(new URL("../migrations", import.meta.url)),
      tables,
    },
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { logger } = runtime;
  const { db } = runtime.database;
  const secrets = await openSecretBox({
    db,
    masterSecret: config.WEBHOOK_SIGNING_MASTER_SECRET,
    timeScale: config.TIME_SCALE,
  }).catch(async (error: unknown) => {
    await runtime.stop("the signing vault did not open");
    throw error;
  });

  const queue = new Queue(deliverQueueName, { connection: runtime.redis, prefix: config.REDIS_PREFIX });
  runtime.shutdown.register("drain", "deliver-queue", () => queue.close());
  const now = () => new Date();
  const context: WebhookContext = {
    db,
    logger,
    secrets,
    policy: createOutboundPolicy({
      allowedHosts: config.WEBHOOK_ALLOWED_HOSTS,
      allowPrivateNetworks: config.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      ...(options.resolver ? { resolve: options.resolver } : {}),
    }),
    scheduler: createDeliveryScheduler({ queue, timeScale: config.TIME_SCALE, now }),
    settings: settingsOf(config),
    now,
    random: options.random ?? Math.random,
  };
  registerWebhookRpcs(runtime.rpc, (requestLogger) => ({ ...context, logger: requestLogger }));
  await startBackground(runtime, context, config);
  const reconciler = startReconciler(context, {
    redis: runtime.redis,
    prefix: config.REDIS_PREFIX,
    intervalMs: Math.max(50, scaleMs(config.WEBHOOK_RECONCILE_INTERVAL_SECONDS * 1_000, config.TIME_SCALE)),
    logger,
  });
  runtime.shutdown.register("stop-intake", "reconciler", () => reconciler.stop());
  if (config.WEBHOOK_ALLOW_PRIVATE_NETWORKS) {
    logger.warn("WEBHOOK_ALLOW_PRIVATE_NETWORKS is on: endpoints may reach private and loopback addresses");
  }
  logger.info({ allowedHosts: config.WEBHOOK_ALLOWED_HOSTS }, "webhook-service ready");
  return { runtime, context, queue, reconciler, stop: (reason = "stop requested") => runtime.stop(reason) };
}

/** The outbox relay, the deliver worker and the event consumer, each with its place in the shutdown order. */
async function startBackground(runtime: ServiceRuntime<Tables>, context: WebhookContext, config: Config) {
  const relay = createOutboxRelay({
    sql: runtime.database.sql,
    table: outbox,
    js: jetstream(runtime.nc),
    ns: runtime.ns,
    logger: context.logger,
  });
  await relay.start();
  runtime.shutdown.register("drain", "outbox-relay", () => relay.stop());
  const worker = createDeliverWorker(context, {
    connection: runtime.redis,
    prefix: config.REDIS_PREFIX,
    concurrency: config.WEBHOOK_DELIVERY_CONCURRENCY,
  });
  runtime.shutdown.register("stop-intake", "deliver-worker", () => worker.close());
  const consumer = await consumeDeliverableEvents(context, {
    nc: runtime.nc,
    ns: runtime.ns,
    concurrency: 4,
  });
  runtime.shutdown.register("stop-intake", "event-consumer", () => consumer.stop());
}

function settingsOf(config: Config): WebhookSettings {
  const scaled = (ms: number) => scaleMs(ms, config.TIME_SCALE);
  return {
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    excerptBytes: config.WEBHOOK_RESPONSE_EXCERPT_BYTES,
    retryDelaysMs: config.WEBHOOK_RETRY_SCHEDULE_SECONDS.map((seconds) => scaled(seconds * 1_000)),
    jitterRatio: config.WEBHOOK_RETRY_JITTER_PERCENT / 100,
    disableAfterMs: scaled(config.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000),
    secretOverlapMs: scaled(config.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000),
    maxEndpointsPerTenant: config.WEBHOOK_MAX_ENDPOINTS_PER_TENANT,
    leaseMs: config.WEBHOOK_TIMEOUT_MS + 5_000,
  };
}
