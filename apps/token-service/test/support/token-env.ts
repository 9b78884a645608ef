import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { createRpcClient, type RpcClient } from "@postd/service-kit";
import {
  createNatsNamespace,
  createRedisNamespace,
  createTestDatabase,
  type RunningSim,
  type SpawnedService,
  spawnService,
  startPlatformSim,
  type TestDatabase,
  type TestNatsNamespace,
} from "@postd/testing";
import postgres, { type Sql } from "postgres";
import { Config } from "../../src/config";

export const appDir = fileURLToPath(new URL("../..", import.meta.url));

/** A master secret for tests (base64 of 36 random bytes: 48 characters). */
export function newMasterSecret(): string {
  return randomBytes(36).toString("base64");
}

export interface TokenTestEnv {
  sim: RunningSim;
  database: TestDatabase;
  nats: TestNatsNamespace;
  ns: TestNatsNamespace["ns"];
  /** the environment a token-service of this test runs with (in-process through `configOf`, or spawned) */
  env: Record<string, string>;
  /** the test's own NATS connection and RPC client (the callers) */
  nc: NatsConnection;
  rpc: RpcClient;
  /** the test's own Postgres connection, for dumps and for setting up rows */
  sql: Sql;
  configOf(overrides?: Record<string, string>): Config;
  spawn(overrides?: Record<string, string>, options?: { readyWhen?: RegExp }): Promise<SpawnedService>;
  close(): Promise<void>;
}

/**
 * One test file's world: a platform-sim, a database, a Redis prefix (or a given Redis), a NATS namespace, the
 * environment for token-service, a NATS RPC client and a Postgres connection. Everything is removed by close().
 */
export async function createTokenTestEnv(
  options: { redisUrl?: string; env?: Record<string, string> } = {},
): Promise<TokenTestEnv> {
  const sim = await startPlatformSim();
  const database = await createTestDatabase({ prefix: "token" });
  const redis = createRedisNamespace(options.redisUrl ? { url: options.redisUrl } : {});
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
    TIME_SCALE: "0.01",
    PLATFORM_SIM_URL: sim.url,
    TOKEN_VAULT_MASTER_SECRET: newMasterSecret(),
    CONNECTOR_TIMEOUT_MS: "5000",
    REFRESH_CLAIM_STALE_MS: "10000",
    REFRESH_WAIT_TIMEOUT_MS: "15000",
    ...options.env,
  };
  const nc = await connect({ servers: nats.url });
  const rpc = createRpcClient({ nc, ns: nats.ns });
  const sql = postgres(database.url, { max: 2, onnotice: () => undefined });
  const spawned: SpawnedService[] = [];
  return {
    sim,
    database,
    nats,
    ns: nats.ns,
    env,
    nc,
    rpc,
    sql,
    configOf: (overrides = {}) => Config.parse({ ...env, ...overrides }),
    async spawn(overrides = {}, spawnOptions = {}) {
      const service = await spawnService({
        command: process.execPath,
        args: ["--import", "tsx", "src/main.ts"],
        cwd: appDir,
        env: { ...env, LOG_LEVEL: "info", ...overrides },
        readyWhen: spawnOptions.readyWhen ?? /token-service ready/,
        readyTimeoutMs: 60_000,
      });
      spawned.push(service);
      return service;
    },
    async close() {
      await Promise.all(spawned.map((service) => service.stop().catch(() => undefined)));
      await nc.drain().catch(() => undefined);
      await sql.end({ timeout: 1 });
      await sim.close();
      await Promise.all([database.drop(), redis.cleanup(), nats.cleanup()]);
    },
  };
}
