import { type HttpServer, loadConfig } from "@postd/service-kit";
import { createLogger, initTelemetry, type Telemetry } from "@postd/telemetry";
import {
  createNatsNamespace,
  createRedisNamespace,
  createTestDatabase,
  type RedisNamespace,
  type RunningSim,
  startPlatformSim,
  type TestDatabase,
  type TestNatsNamespace,
} from "@postd/testing";
import { buildGatewayApp, type GatewayAppDeps } from "../../src/app";
import { Config } from "../../src/config";
import { type RunningGateway, startGateway } from "../../src/service";

export const adminApiKey = "test-admin-key-0123456789-abcdefghij";

/** The audience the sim's GBP Pub/Sub pushes carry by default (apps/platform-sim gbp/webhook.ts). */
const simPushAudience = "https://app.postd.test/api/webhooks/gbp";

export interface GatewayHarness {
  gateway: RunningGateway;
  app: HttpServer;
  config: Config;
  nats: TestNatsNamespace;
  redis: RedisNamespace;
  database: TestDatabase;
  sim: RunningSim | null;
  /** a variant of the app over the same clients, with some settings changed */
  buildVariant(overrides: Record<string, string>, deps?: Partial<GatewayAppDeps>): Promise<HttpServer>;
  /** a tenant and its first API key, through the admin API */
  createTenant(name?: string): Promise<{ tenantId: string; apiKey: string; keyId: string }>;
  stop(): Promise<void>;
}

let telemetry: Telemetry | undefined;

/**
 * A real gateway for one test file: its own database, Redis prefix and NATS namespace, the runtime and outbox
 * relay of service.ts, and optionally platform-sim for webhook signatures. Requests go through `app.inject()`.
 */
export async function startGatewayHarness(
  options: { env?: Record<string, string>; sim?: boolean } = {},
): Promise<GatewayHarness> {
  const database = await createTestDatabase({ prefix: "gateway" });
  const redis = createRedisNamespace();
  const nats = createNatsNamespace();
  const sim = options.sim ? await startPlatformSim() : null;
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.ns.prefix,
    INTERNAL_PORT: "0",
    GATEWAY_PORT: "0",
    GATEWAY_HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    TIME_SCALE: "0.01",
    ADMIN_API_KEY: adminApiKey,
    ...(sim ? { PLATFORM_SIM_URL: sim.url, GBP_PUBSUB_AUDIENCE: simPushAudience } : {}),
    ...options.env,
  };
  const config = loadConfig(Config, env);
  telemetry ??= initTelemetry({
    serviceName: "gateway-test",
    logger: createLogger({ service: "test", level: "silent" }),
  });
  const gateway = await startGateway({ config, telemetry });
  const { app } = gateway;

  return {
    gateway,
    app,
    config,
    nats,
    redis,
    database,
    sim,
    buildVariant: (overrides, deps = {}) =>
      buildGatewayApp({ ...gateway.deps, config: loadConfig(Config, { ...env, ...overrides }), ...deps }),
    async createTenant(name = "Acme") {
      const response = await app.inject({
        method: "POST",
        url: "/api/admin/tenants",
        headers: { authorization: `Bearer ${adminApiKey}` },
        payload: { name },
      });
      if (response.statusCode !== 201) throw new Error(`tenant not created: ${response.body}`);
      return response.json<{ tenantId: string; apiKey: string; keyId: string }>();
    },
    async stop() {
      await gateway.stop("test done");
      await sim?.close();
      await Promise.all([database.drop(), redis.cleanup(), nats.cleanup()]);
    },
  };
}

export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
