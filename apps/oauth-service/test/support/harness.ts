import { Writable } from "node:stream";
import type { NatsConnection } from "@nats-io/nats-core";
import type { Platform } from "@postd/contracts";
import { createFlags, type Flags } from "@postd/flags";
import { connectNats, createRpcClient, type RpcClient } from "@postd/service-kit";
import { createLogger, initTelemetry, type Logger, type Telemetry } from "@postd/telemetry";
import {
  createNatsNamespace,
  createRedisNamespace,
  createTestDatabase,
  type RunningSim,
  startPlatformSim,
  type TestDatabase,
} from "@postd/testing";
import postgres from "postgres";
import { Config } from "../../src/config";
import { type OAuthService, startOAuthService } from "../../src/service";
import { startTokenServiceStandIn, type TokenServiceStandIn } from "./token-service-stand-in";

export const sessionSecret = "oauth-service-test-secret-0123456789abcdef";
export const allowedOrigins = ["http://127.0.0.1:5173", "https://app.example.com"];

export interface Harness {
  sim: RunningSim | null;
  service: OAuthService;
  /** calls svc.oauth.* as the gateway would */
  rpc: RpcClient;
  tokenService: TokenServiceStandIn;
  /** an operator's flags instance on its own NATS connection */
  adminFlags: Flags;
  sql: postgres.Sql;
  /** every log line the service wrote, raw */
  logs(): string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** start platform-sim and point PLATFORM_SIM_URL at it (default true) */
  sim?: boolean;
  env?: Record<string, string>;
}

/** One oauth-service on its own database, Redis prefix and NATS namespace, with a token-service stand-in. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const db: TestDatabase = await createTestDatabase({ prefix: "oauth" });
  const redis = createRedisNamespace();
  const nats = createNatsNamespace();
  const sim = options.sim === false ? null : await startPlatformSim();
  const lines: string[] = [];
  const logger = createLogger({
    service: "oauth-service",
    level: "debug",
    destination: new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  const quiet = createLogger({ service: "oauth-test", level: "silent" });
  const telemetry: Telemetry = initTelemetry({ serviceName: "oauth-service-test" });
  const config = Config.parse({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.ns.prefix,
    INTERNAL_PORT: "0",
    LOG_LEVEL: "debug",
    OAUTH_SESSION_SECRET: sessionSecret,
    OAUTH_RETURN_TO_ALLOWLIST: allowedOrigins.join(","),
    PUBLIC_BASE_URL: "http://127.0.0.1:3000",
    ...(sim ? { PLATFORM_SIM_URL: sim.url } : {}),
    ...options.env,
  });
  const service = await startOAuthService({ config, telemetry, logger });
  const nc: NatsConnection = await connectNats({ url: nats.url, name: "oauth-test", logger: quiet });
  const tokenService = await startTokenServiceStandIn({ nc, ns: nats.ns, logger: quiet });
  const adminFlags = createFlags({ nc, ns: nats.ns, logger: quiet });
  await adminFlags.ready();
  const sql = postgres(db.url, { max: 2, onnotice: () => undefined });
  return {
    sim,
    service,
    rpc: createRpcClient({ nc, ns: nats.ns, logger: quiet }),
    tokenService,
    adminFlags,
    sql,
    logs: () => lines.join(""),
    async close() {
      await service.stop("test finished");
      await adminFlags.close();
      await tokenService.stop();
      await nc.close();
      await sql.end();
      await sim?.close();
      await telemetry.shutdown();
      await Promise.all([db.drop(), redis.cleanup(), nats.cleanup()]);
    },
  };
}

export interface Redirect {
  code: string | null;
  state: string | null;
  error: string | null;
  location: URL;
}

/** The user at the platform's consent page: approve or deny at once (`auto=`), and where the platform redirects. */
export async function consent(authorizationUrl: string, decision: "approve" | "deny"): Promise<Redirect> {
  const url = new URL(authorizationUrl);
  url.searchParams.set("auto", decision);
  const response = await fetch(url, { redirect: "manual" });
  const location = response.headers.get("location");
  if (response.status !== 302 || !location) {
    throw new Error(`consent answered ${response.status}: ${await response.text()}`);
  }
  const target = new URL(location);
  return {
    code: target.searchParams.get("code"),
    state: target.searchParams.get("state"),
    error: target.searchParams.get("error"),
    location: target,
  };
}

export function requireValue(value: string | null, what: string): string {
  if (value === null) throw new Error(`${what} missing`);
  return value;
}

export const platforms: readonly Platform[] = ["meta", "linkedin", "tiktok", "gbp", "mailchimp"];

export type { Logger };
