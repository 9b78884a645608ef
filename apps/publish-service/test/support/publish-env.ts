import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, simConnectors } from "@postd/connectors/testing";
import { type AccountKind, type ConnectionView, type Platform, StoreConnection } from "@postd/contracts";
import { createRpcClient, type RpcClient } from "@postd/service-kit";
import { createLogger, initTelemetry, type Telemetry } from "@postd/telemetry";
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
import { startTokenService, Config as TokenConfig, type TokenService } from "@postd/token-service";
import postgres, { type Sql } from "postgres";
import { Config } from "../../src/config";
import { type PublishService, startPublishService } from "../../src/service";

export const appDir = fileURLToPath(new URL("../..", import.meta.url));

let telemetry: Telemetry | undefined;
/** One telemetry per test process, shared by every in-process service. */
function sharedTelemetry(): Telemetry {
  telemetry ??= initTelemetry({ serviceName: "publish-service-test" });
  return telemetry;
}

export interface PublishEnvOptions {
  /** publish-service variables over the defaults below */
  env?: Record<string, string>;
  /** the in-process publish-service's role (`all` by default); `none` starts none (tests spawn their own) */
  role?: "all" | "api" | "worker" | "none";
  /** a private Redis for tests that wipe it */
  redisUrl?: string;
  /** platform-sim settings (`PUT /_sim/settings`) */
  sim?: Record<string, unknown>;
}

export interface PublishEnv {
  sim: RunningSim;
  database: TestDatabase;
  nats: TestNatsNamespace;
  /** publish-service's environment (in-process through `configOf`, or spawned) */
  env: Record<string, string>;
  nc: NatsConnection;
  rpc: RpcClient;
  /** the test's own Postgres connection (both schemas live in the one test database) */
  sql: Sql;
  tokenService: TokenService;
  publish: PublishService | null;
  connectors: ConnectorRegistry;
  configOf(overrides?: Record<string, string>): Config;
  /** connects `platform` for `tenantId` through the real OAuth against the sim and `svc.token.store` */
  connect(input: { tenantId: string; platform: Platform; user?: string }): Promise<ConnectionView>;
  /** the worker entry point as its own process, on this env (plus overrides) */
  spawnWorker(overrides?: Record<string, string>): Promise<SpawnedService>;
  close(): Promise<void>;
}

/**
 * One test file's world: platform-sim, one database (token and publish schemas), a Redis prefix, a NATS namespace,
 * the REAL token-service in-process, publish-service in-process (or not), an RPC client and a Postgres connection.
 */
export async function createPublishEnv(options: PublishEnvOptions = {}): Promise<PublishEnv> {
  const sim = await startPlatformSim();
  if (options.sim) await sim.control("PUT", "/_sim/settings", options.sim);
  const database = await createTestDatabase({ prefix: "publish" });
  const redis = createRedisNamespace(options.redisUrl ? { url: options.redisUrl } : {});
  const nats = createNatsNamespace();
  const shared = {
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
    CONNECTOR_TIMEOUT_MS: "5000",
  };
  const tokenService = await startTokenService({
    config: TokenConfig.parse({
      ...shared,
      TOKEN_VAULT_MASTER_SECRET: randomBytes(36).toString("base64"),
      REFRESH_CLAIM_STALE_MS: "10000",
      REFRESH_WAIT_TIMEOUT_MS: "15000",
    }),
    telemetry: sharedTelemetry(),
  });
  const env: Record<string, string> = {
    ...shared,
    PUBLISH_LEASE_MS: "10000",
    RECONCILE_INTERVAL_MS: "30000",
    ...options.env,
  };
  const configOf = (overrides: Record<string, string> = {}) => Config.parse({ ...env, ...overrides });
  const role = options.role ?? "all";
  const publish =
    role === "none"
      ? null
      : await startPublishService({ config: configOf(), role, telemetry: sharedTelemetry() });
  const nc = await connect({ servers: nats.url });
  const rpc = createRpcClient({
    nc,
    ns: nats.ns,
    logger: createLogger({ service: "test", level: "silent" }),
  });
  const sql = postgres(database.url, { max: 4, onnotice: () => undefined });
  const connectors = simConnectors(sim);
  const spawned: SpawnedService[] = [];
  return {
    sim,
    database,
    nats,
    env,
    nc,
    rpc,
    sql,
    tokenService,
    publish,
    connectors,
    configOf,
    connect: async (input) => rpc.call(StoreConnection, await connectViaSim(connectors, input)),
    async spawnWorker(overrides = {}) {
      const worker = await spawnService({
        command: process.execPath,
        args: ["--import", "tsx", "src/worker.ts"],
        cwd: appDir,
        env: { ...env, LOG_LEVEL: "info", ...overrides },
        readyWhen: /publish worker started/,
        readyTimeoutMs: 60_000,
      });
      spawned.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(spawned.map((worker) => worker.stop().catch(() => undefined)));
      await publish?.stop("test finished");
      await tokenService.stop("test finished");
      await nc.drain().catch(() => undefined);
      await sql.end({ timeout: 1 });
      await sim.close();
      await Promise.all([database.drop(), redis.cleanup(), nats.cleanup()]);
    },
  };
}

/** The id of a connection's account of `kind` (the first, or the one whose external id contains `external`). */
export function accountOf(connection: ConnectionView, kind: AccountKind, external?: string): string {
  const account = connection.accounts.find(
    (candidate) =>
      candidate.kind === kind && (external === undefined || candidate.externalId.includes(external)),
  );
  if (!account) throw new Error(`connection ${connection.id} has no ${kind} account ${external ?? ""}`);
  return account.id;
}
