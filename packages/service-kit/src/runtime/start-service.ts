import type { NatsConnection } from "@nats-io/nats-core";
import type { NatsNamespace } from "@postd/contracts";
import { createLogger, initTelemetry, type Logger, type Telemetry } from "@postd/telemetry";
import type { Redis } from "ioredis";
import { z } from "zod";
import { baseServiceConfig } from "../config/base-service-config";
import { createDatabase, type Database, type Tables } from "../db/create-database";
import { runMigrations } from "../db/run-migrations";
import { createInternalServer, type InternalServer } from "../http/create-internal-server";
import { connectNats, pingNats } from "../nats/connect-nats";
import { ensureStreams } from "../nats/ensure-streams";
import { createRedis } from "../redis/create-redis";
import { checkEvictionPolicy, pingRedis } from "../redis/redis-checks";
import { createRpcClient, type RpcClient } from "../rpc/rpc-client";
import { createRpcServer, type RpcServer } from "../rpc/rpc-server";
import { createShutdown, type Shutdown } from "../shutdown/create-shutdown";
import { telemetryPropagation } from "./trace-propagation";

const BaseServiceConfigSchema = z.object(baseServiceConfig);
/** The shared part of every app's parsed config (optional variables are optional keys). */
export type BaseServiceConfig = Readonly<z.infer<typeof BaseServiceConfigSchema>>;

export interface ServiceRuntimeOptions<TTables extends Tables> {
  /** the short name: `token` answers `svc.token.*`, logs as `token-service` */
  service: string;
  version: string;
  config: BaseServiceConfig;
  database: { schema: string; migrationsFolder: string; tables?: TTables };
  /** an already initialized telemetry (tests running several services in one process); else one is made */
  telemetry?: Telemetry;
  logger?: Logger;
  /** exit used by the shutdown deadline; tests inject one */
  exit?: (code: number) => void;
}

/** Everything a service process shares: clients, its RPC server and client, probes and the shutdown order. */
export interface ServiceRuntime<TTables extends Tables> {
  readonly service: string;
  readonly logger: Logger;
  readonly telemetry: Telemetry;
  readonly database: Database<TTables>;
  readonly redis: Redis;
  readonly nc: NatsConnection;
  readonly ns: NatsNamespace;
  readonly rpc: RpcServer;
  readonly rpcClient: RpcClient;
  readonly shutdown: Shutdown;
  readonly internal: InternalServer;
  /** the internal server's base URL once listening */
  readonly internalUrl: string;
  /** adds a check behind `/readyz` (a queue's Redis, a platform-sim, …) */
  addReadinessCheck(name: string, check: () => Promise<void>): void;
  /** runs the whole shutdown (also what SIGTERM does) */
  stop(reason: string): Promise<void>;
}

/**
 * Starts the parts every POSTD service has, in the order they depend on each other: telemetry and the logger,
 * migrations, Postgres, Redis (with the eviction-policy warning), NATS (reconnecting forever) with the event
 * streams, the RPC server, and the internal `/healthz` `/readyz` `/metrics` port. The shutdown runs in reverse:
 * stop taking work, drain, close clients, flush telemetry.
 */
export async function startServiceRuntime<TTables extends Tables>(
  options: ServiceRuntimeOptions<TTables>,
): Promise<ServiceRuntime<TTables>> {
  const { config, service } = options;
  const logger =
    options.logger ??
    createLogger({
      service: `${service}-service`,
      level: config.LOG_LEVEL,
      pretty: process.stdout.isTTY === true && config.NODE_ENV !== "production",
    });
  const telemetry =
    options.telemetry ??
    initTelemetry({
      serviceName: `${service}-service`,
      serviceVersion: options.version,
      logger,
      ...(config.OTEL_EXPORTER_OTLP_ENDPOINT ? { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT } : {}),
    });
  const shutdown = createShutdown({
    logger,
    deadlineMs: config.SHUTDOWN_DEADLINE_MS,
    ...(options.exit ? { exit: options.exit } : {}),
  });
  if (!options.telemetry) shutdown.register("flush-telemetry", "telemetry", () => telemetry.shutdown());

  await runMigrations({
    url: config.DATABASE_URL,
    schema: options.database.schema,
    migrationsFolder: options.database.migrationsFolder,
    logger,
  });
  const database = createDatabase<TTables>({
    url: config.DATABASE_URL,
    schema: options.database.schema,
    logger,
    max: config.DATABASE_POOL_MAX,
    applicationName: `${service}-service`,
    ...(options.database.tables ? { tables: options.database.tables } : {}),
  });
  shutdown.register("close-clients", "postgres", () => database.close());

  const redis = createRedis({ url: config.REDIS_URL, logger, connectionName: `${service}-service` });
  shutdown.register("close-clients", "redis", async () => {
    await redis.quit().catch(() => redis.disconnect());
  });
  await checkEvictionPolicy(redis, logger);

  const nc = await connectNats({ url: config.NATS_URL, name: `${service}-service`, logger });
  shutdown.register("close-clients", "nats", () => nc.drain().catch(() => nc.close()));
  const ns: NatsNamespace = Object.freeze({ prefix: config.NATS_PREFIX });
  await ensureStreams(nc, ns, { logger, replicas: config.NATS_STREAM_REPLICAS });

  const rpc = await createRpcServer({
    nc,
    ns,
    service,
    version: options.version,
    instanceId: telemetry.instanceId,
    logger,
    tracing: telemetryPropagation,
    metricsSnapshot: () => telemetry.snapshot(),
  });
  shutdown.register("stop-intake", "rpc", () => rpc.stop());
  const rpcClient = createRpcClient({ nc, ns, logger, tracing: telemetryPropagation });

  const readiness: Record<string, () => Promise<void>> = {
    postgres: () => database.ping(),
    redis: () => pingRedis(redis),
    nats: () => pingNats(nc),
  };
  const internal = createInternalServer({
    logger,
    port: config.INTERNAL_PORT,
    readiness,
    metricsText: () => telemetry.metricsText(),
  });
  const { url: internalUrl } = await internal.listen();
  shutdown.register("stop-intake", "internal-http", async () => {
    internal.markShuttingDown();
  });
  shutdown.register("close-clients", "internal-http", () => internal.close());
  logger.info({ internalUrl }, `${service}-service started`);

  return {
    service,
    logger,
    telemetry,
    database,
    redis,
    nc,
    ns,
    rpc,
    rpcClient,
    shutdown,
    internal,
    internalUrl,
    addReadinessCheck: (name, check) => {
      readiness[name] = check;
    },
    stop: (reason) => shutdown.run(reason),
  };
}
