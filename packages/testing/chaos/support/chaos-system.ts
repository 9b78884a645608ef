import { fileURLToPath } from "node:url";
import postgres from "postgres";
import {
  freePort,
  type PrivatePostgres,
  type PrivateServer,
  type RunningSystem,
  type SpawnedService,
  type StartSystemOptions,
  spawnService,
  startPrivateNats,
  startPrivatePostgres,
  startPrivateRedis,
  startSystem,
} from "../../src/index";
import { expectOk, type RequestOptions, requestJson } from "./http";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/**
 * Settings every chaos system runs with: a lease short enough that a killed worker's claim lapses within
 * seconds (it must stay ≥ 2 × CONNECTOR_TIMEOUT_MS), and pacing out of the way of the load (a minute of load
 * posts more to one account than LinkedIn allows in a day, or Business Profile in many minutes: those targets
 * would rightly wait), and quiet logs.
 */
export const chaosEnv: Record<string, string> = {
  CONNECTOR_TIMEOUT_MS: "2000",
  PUBLISH_LEASE_MS: "4000",
  PACE_TIKTOK_INITS_PER_WINDOW: "100000",
  PACE_LINKEDIN_DAILY_LIMIT: "1000000",
  PACE_INSTAGRAM_DAILY_LIMIT: "1000000",
  // Business Profile allows 10 edits a minute per location (a real minute: the window is never scaled); the
  // load sends ~2 a second to each of its two locations, which would queue them for many minutes behind the pace
  PACE_GBP_EDITS_PER_MINUTE: "100000",
  // warnings and errors only: the load makes every service log each request, which costs CPU the scenarios need
  LOG_LEVEL: "warn",
};

export interface ChaosServers {
  postgres: PrivatePostgres;
  redis: PrivateServer;
  nats: PrivateServer;
}

export interface ChaosSystem {
  system: RunningSystem;
  /** the system's own Postgres, Redis and NATS: a scenario may stop, kill or wipe them */
  servers: ChaosServers;
  /** the system's database (publish, token, webhooks, … schemas) */
  sql: postgres.Sql;
  tenantId: string;
  apiKey: string;
  /** the gateway, with the tenant's API key */
  api<T = unknown>(method: string, path: string, options?: RequestOptions): ReturnType<typeof requestJson<T>>;
  /** platform-sim's control API; fails on a non-2xx answer */
  sim<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  /** another process of an app beside the ones startSystem runs (a second replica, a worker entry point) */
  spawnExtra(input: SpawnExtraInput): Promise<SpawnedService>;
  /** another tenant with its own key */
  createTenant(name: string): Promise<{ tenantId: string; apiKey: string }>;
  /** the gateway as another tenant (its API key) */
  as(apiKey: string): Pick<ChaosSystem, "api">;
  close(): Promise<void>;
}

export interface SpawnExtraInput {
  app: "publish-service" | "token-service";
  /** the entry point inside the app (default src/main.ts) */
  entry?: string;
  env?: Record<string, string>;
}

/**
 * The whole system as real processes (startSystem) on private Postgres, Redis and NATS servers of its own (so
 * a scenario can stop and wipe them, and the load never competes for the shared servers' connections), one
 * tenant with an API key, a SQL client on the system's database, and helpers for the gateway and the sim. The
 * sim's own rate limits and quotas are off: the load would hit them within seconds, and each scenario injects
 * the faults it is about.
 */
export async function startChaosSystem(
  options: Omit<StartSystemOptions, "redisUrl" | "natsUrl" | "databaseAdminUrl"> = {},
): Promise<ChaosSystem> {
  const servers: ChaosServers = {
    postgres: await startPrivatePostgres({ settings: { max_connections: "300" } }),
    redis: await startPrivateRedis(),
    nats: await startPrivateNats(),
  };
  const system = await startSystem({
    ...options,
    redisUrl: servers.redis.url,
    natsUrl: servers.nats.url,
    databaseAdminUrl: servers.postgres.url,
    env: { ...chaosEnv, ...options.env },
  });
  const sql = postgres(system.env.DATABASE_URL ?? "", { max: 4, onnotice: () => {} });
  const sim = <T>(method: string, path: string, body?: unknown) =>
    expectOk<T>(method, `${system.simUrl}${path}`, body === undefined ? {} : { body });
  await sim("PUT", "/_sim/settings", { rateLimits: false, quotas: false });

  const createTenant = async (name: string) => {
    const created = await expectOk<{ tenantId: string; apiKey: string }>(
      "POST",
      `${system.gatewayUrl}/api/admin/tenants`,
      { body: { name }, headers: { authorization: `Bearer ${system.adminKey}` } },
    );
    return { tenantId: created.tenantId, apiKey: created.apiKey };
  };
  const tenant = await createTenant("chaos");
  const extras: SpawnedService[] = [];

  const as = (apiKey: string): Pick<ChaosSystem, "api"> => ({
    api: (method, path, requestOptions = {}) =>
      requestJson(method, `${system.gatewayUrl}${path}`, {
        ...requestOptions,
        headers: { authorization: `Bearer ${apiKey}`, ...requestOptions.headers },
      }),
  });

  return {
    system,
    servers,
    sql,
    ...tenant,
    api: as(tenant.apiKey).api,
    as,
    sim,
    createTenant,
    async spawnExtra(input) {
      const port = await freePort();
      const spawned = await spawnService({
        command: process.execPath,
        args: ["--import", "tsx", input.entry ?? "src/main.ts"],
        cwd: `${repoRoot}apps/${input.app}`,
        env: { ...system.env, ...input.env, INTERNAL_PORT: String(port) },
        readyWhen: async () => (await requestJson("GET", `http://127.0.0.1:${port}/readyz`)).status === 200,
        readyTimeoutMs: 180_000,
      });
      extras.push(spawned);
      return spawned;
    },
    async close() {
      for (const extra of extras) {
        extra.kill();
        await extra.waitForExit();
      }
      await sql.end({ timeout: 1 });
      await system.stop();
      await Promise.all([servers.postgres.dispose(), servers.redis.dispose(), servers.nats.dispose()]);
    },
  };
}
