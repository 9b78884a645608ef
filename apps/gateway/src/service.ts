import { fileURLToPath } from "node:url";
import { jetstream } from "@nats-io/jetstream";
import type { ConnectorRegistry } from "@postd/connectors";
import { Platform } from "@postd/contracts";
import { createFlags } from "@postd/flags";
import {
  createOutboxRelay,
  createServiceConnectors,
  type HttpServer,
  type ServiceRuntime,
  startServiceRuntime,
} from "@postd/service-kit";
import type { Logger, Telemetry } from "@postd/telemetry";
import { buildGatewayApp, type GatewayAppDeps } from "./app";
import type { Config } from "./config";
import { type GatewayTables, outbox, tables } from "./db/schema";
import { failFastWhileDisconnected } from "./rpc/fail-fast-while-disconnected";

export const gatewayVersion = "1.0.0";

export interface StartGatewayOptions {
  config: Config;
  telemetry?: Telemetry;
  logger?: Logger;
}

export interface RunningGateway {
  runtime: ServiceRuntime<GatewayTables>;
  app: HttpServer;
  /** the public base URL actually listened on (GATEWAY_PORT 0 picks a port) */
  url: string;
  /** what the app was built from, to build variants of it in tests */
  deps: GatewayAppDeps;
  stop(reason: string): Promise<void>;
}

/**
 * Starts the gateway: the shared runtime (migrations of schema `gateway`, Postgres, Redis, NATS, RPC client,
 * internal probe port), the outbox relay for `webhook.received.v1`, the feature flags (loaded, and the
 * `integration_<platform>` defaults created if missing), the connectors (webhook verification only) and the public
 * HTTP server on GATEWAY_PORT. Shutdown: stop the public port, drain the relay, close clients.
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const runtime = await startServiceRuntime({
    service: "gateway",
    version: gatewayVersion,
    // spelled out: the runtime's config type wants the optional endpoint as a present key
    config,
    database: {
      schema: "gateway",
      migrationsFolder: fileURLToPath(new URL("../migrations", import.meta.url)),
      tables,
    },
    ...(options.telemetry ? { telemetry: options.telemetry } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const { logger } = runtime;

  const relay = createOutboxRelay({
    sql: runtime.database.sql,
    table: outbox,
    js: jetstream(runtime.nc),
    ns: runtime.ns,
    logger,
  });
  await relay.start();
  runtime.shutdown.register("drain", "outbox-relay", () => relay.stop());

  const flags = createFlags({ nc: runtime.nc, ns: runtime.ns, logger });
  runtime.shutdown.register("drain", "flags", () => flags.close());
  await flags.ready();
  await flags.ensureDefaultFlags(Platform.options);

  const deps: GatewayAppDeps = {
    config,
    logger,
    db: runtime.database.db,
    redis: runtime.redis,
    rpc: failFastWhileDisconnected(runtime.rpcClient, runtime.nc),
    connectors: createConnectors(config),
    flags,
  };
  const app = await buildGatewayApp(deps);
  const url = await app.listen({ port: config.GATEWAY_PORT, host: config.GATEWAY_HOST });
  runtime.shutdown.register("stop-intake", "public-http", () => app.close());
  logger.info({ url, docs: `${url}/docs` }, "gateway listening");

  return { runtime, app, url, deps, stop: (reason) => runtime.stop(reason) };
}

function createConnectors(config: Config): ConnectorRegistry {
  return createServiceConnectors(config);
}
