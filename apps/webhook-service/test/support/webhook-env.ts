import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { createRpcClient, type RpcClient } from "@postd/service-kit";
import { initTelemetry, type Telemetry } from "@postd/telemetry";
import {
  createNatsNamespace,
  createRedisNamespace,
  createTestDatabase,
  type RedisNamespace,
  type SpawnedService,
  spawnService,
  type TestDatabase,
  type TestNatsNamespace,
} from "@postd/testing";
import postgres, { type Sql } from "postgres";
import { Config } from "../../src/config";
import { type StartWebhookServiceOptions, startWebhookService, type WebhookService } from "../../src/service";

export const appDir = fileURLToPath(new URL("../..", import.meta.url));

export interface WebhookTestEnv {
  database: TestDatabase;
  redis: RedisNamespace;
  nats: TestNatsNamespace;
  ns: TestNatsNamespace["ns"];
  /** the environment webhook-service runs with here (in-process through `start`, or spawned) */
  env: Record<string, string>;
  /** the test's own NATS connection and RPC client (the gateway's seat) */
  nc: NatsConnection;
  rpc: RpcClient;
  /** the test's own Postgres connection, to read the delivery log */
  sql: Sql;
  configOf(overrides?: Record<string, string>): Config;
  start(
    overrides?: Record<string, string>,
    options?: Omit<StartWebhookServiceOptions, "config">,
  ): Promise<WebhookService>;
  spawn(overrides?: Record<string, string>): Promise<SpawnedService>;
  close(): Promise<void>;
}

let telemetry: Telemetry | undefined;

/** One telemetry per test process, shared by every in-process service (a restart reuses it). */
export function sharedTelemetry(): Telemetry {
  telemetry ??= initTelemetry({ serviceName: "webhook-service-test" });
  return telemetry;
}

/**
 * One test file's world: its own database, Redis prefix and NATS namespace, the environment of webhook-service
 * (loopback allowed, a fresh master secret), an RPC client and a Postgres connection. close() removes it all.
 */
export async function createWebhookTestEnv(
  options: { env?: Record<string, string> } = {},
): Promise<WebhookTestEnv> {
  const database = await createTestDatabase({ prefix: "webhooks" });
  const redis = createRedisNamespace();
  const nats = createNatsNamespace();
  const env: Record<string, string> = {
    NODE_ENV: "test",
    LOG_LEVEL: "silent",
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.ns.prefix,
    INTERNAL_PORT: "0",
    TIME_SCALE: "0.001",
    WEBHOOK_SIGNING_MASTER_SECRET: randomBytes(36).toString("base64"),
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    WEBHOOK_TIMEOUT_MS: "3000",
    ...options.env,
  };
  const nc = await connect({ servers: nats.url });
  const rpc = createRpcClient({ nc, ns: nats.ns });
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  const started: WebhookService[] = [];
  const spawned: SpawnedService[] = [];
  const configOf = (overrides: Record<string, string> = {}) => Config.parse({ ...env, ...overrides });
  return {
    database,
    redis,
    nats,
    ns: nats.ns,
    env,
    nc,
    rpc,
    sql,
    configOf,
    async start(overrides = {}, startOptions = {}) {
      const service = await startWebhookService({
        config: configOf(overrides),
        telemetry: sharedTelemetry(),
        ...startOptions,
      });
      started.push(service);
      return service;
    },
    async spawn(overrides = {}) {
      const service = await spawnService({
        command: process.execPath,
        args: ["--import", "tsx", "src/main.ts"],
        cwd: appDir,
        env: { ...env, LOG_LEVEL: "info", ...overrides },
        readyWhen: /webhook-service ready/,
        readyTimeoutMs: 60_000,
      });
      spawned.push(service);
      return service;
    },
    async close() {
      await Promise.all(started.map((service) => service.stop("test done").catch(() => undefined)));
      await Promise.all(spawned.map((service) => service.stop().catch(() => undefined)));
      await nc.drain().catch(() => undefined);
      await sql.end({ timeout: 1 });
      await Promise.all([database.drop(), redis.cleanup(), nats.cleanup()]);
    },
  };
}
