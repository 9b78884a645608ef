import { jetstream } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import {
  ConnectionHealthChecked,
  type EventContract,
  type EventEnvelope,
  namespaced,
  newId,
  type Platform,
} from "@postd/contracts";
import { consumeEvents, type EventConsumer, loadConfig } from "@postd/service-kit";
import { createLogger, initTelemetry, type Logger, type Telemetry } from "@postd/telemetry";
import {
  createNatsNamespace,
  createRedisNamespace,
  createTestDatabase,
  type RunningSim,
  randomToken,
  startPlatformSim,
  type TestDatabase,
  type TestNatsNamespace,
} from "@postd/testing";
import { Config } from "../../src/config";
import { type HealthService, startHealthService } from "../../src/service";
import { grantFromSim } from "./sim-grant";
import {
  type StandInConnection,
  type StandInTokenService,
  startStandInTokenService,
} from "./token-service-stand-in";

export const silentLogger = createLogger({ service: "health-test", level: "silent" });

let telemetry: Telemetry | undefined;

/** One telemetry per test process (each file runs in its own), shared by every in-process service. */
export function sharedTelemetry(options: { spanExporter?: SpanExporter } = {}): Telemetry {
  telemetry ??= initTelemetry({ serviceName: "health-test", logger: silentLogger, ...options });
  return telemetry;
}

export interface HealthWorld {
  sim: RunningSim;
  database: TestDatabase;
  nats: TestNatsNamespace;
  redisUrl: string;
  redisPrefix: string;
  /** the environment a health-service (or gateway) of this test runs with */
  env: Record<string, string>;
  nc: NatsConnection;
  token: StandInTokenService;
  startHealth(overrides?: Record<string, string>, options?: { logger?: Logger }): Promise<HealthService>;
  /** a real sim grant registered with the stand-in token-service */
  connect(input: { tenantId: string; platform: Platform }): Promise<StandInConnection>;
  /** what token-service's outbox would publish */
  publishEvent<E extends EventContract>(
    event: E,
    tenantId: string,
    data: EventEnvelope<E>["data"],
  ): Promise<void>;
  /** every `connection.health_checked.v1` seen since the world started */
  healthChecked(): EventEnvelope<typeof ConnectionHealthChecked>[];
  close(): Promise<void>;
}

/** A test file's world: sim, database, Redis prefix (shared or given server), NATS namespace, token stand-in. */
export async function createHealthWorld(
  options: { redisUrl?: string; natsUrl?: string; env?: Record<string, string> } = {},
): Promise<HealthWorld> {
  const sim = await startPlatformSim();
  const database = await createTestDatabase({ prefix: "health" });
  const redis = createRedisNamespace(options.redisUrl ? { url: options.redisUrl } : {});
  const nats = createNatsNamespace(options.natsUrl ? { url: options.natsUrl } : {});
  const env: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.ns.prefix,
    INTERNAL_PORT: "0",
    TIME_SCALE: "0.0001",
    PLATFORM_SIM_URL: sim.url,
    CONNECTOR_TIMEOUT_MS: "5000",
    HEALTH_EXPECTED_SERVICES: "gateway,health,token",
    HEALTH_RECONCILE_INTERVAL_SECONDS: "86400",
    ...options.env,
  };
  const nc = await connect({ servers: nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 250 });
  const token = await startStandInTokenService({ nc, ns: nats.ns, logger: silentLogger });
  const services: HealthService[] = [];
  const seen = new Map<string, EventEnvelope<typeof ConnectionHealthChecked>>();
  let recorder: EventConsumer | undefined;
  const js = jetstream(nc);
  return {
    sim,
    database,
    nats,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
    env,
    nc,
    token,
    async startHealth(overrides = {}, startOptions = {}) {
      const service = await startHealthService({
        config: loadConfig(Config, { ...env, ...overrides }),
        telemetry: sharedTelemetry(),
        ...(startOptions.logger ? { logger: startOptions.logger } : {}),
      });
      services.push(service);
      recorder ??= await consumeEvents({
        nc,
        ns: nats.ns,
        durableName: `test-observer-${randomToken()}`,
        events: [ConnectionHealthChecked],
        logger: silentLogger,
        handler: async (envelope) => {
          seen.set(envelope.id, envelope);
        },
      });
      return service;
    },
    async connect(input) {
      const grant = await grantFromSim(sim, input.platform);
      const connection: StandInConnection = {
        tenantId: input.tenantId,
        connectionId: newId("connection"),
        platform: input.platform,
        accessToken: grant.accessToken,
        metadata: grant.metadata,
        expiresAt: grant.expiresAt,
        status: "active",
      };
      token.add(connection);
      return connection;
    },
    async publishEvent(event, tenantId, data) {
      const envelope = event.envelope.parse({
        id: newId("event"),
        subject: event.subject,
        occurredAt: new Date().toISOString(),
        tenantId,
        data,
      });
      await js.publish(namespaced(nats.ns, event.subject), JSON.stringify(envelope), { msgID: envelope.id });
    },
    healthChecked: () => [...seen.values()],
    async close() {
      await recorder?.stop();
      for (const service of services) await service.stop("test done").catch(() => undefined);
      await token.stop().catch(() => undefined);
      await nc.drain().catch(() => undefined);
      await sim.close();
      await Promise.all([database.drop(), redis.cleanup(), nats.cleanup()]);
    },
  };
}
