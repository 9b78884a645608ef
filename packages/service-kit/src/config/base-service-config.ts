import { envEnum, envInteger, envNumber, envString, envUrl } from "./env-helpers";

export const nodeEnvironments = ["development", "test", "production"] as const;
export const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/**
 * The variables every POSTD service reads. Spread into an app's schema and add its own after it (a field declared
 * after the spread replaces the shared one, e.g. a different `INTERNAL_PORT` default per app):
 *
 *     export const Config = z.object({ ...baseServiceConfig, VAULT_KEY: envSecret({ minBytes: 32 }) });
 */
export const baseServiceConfig = {
  // Picks behaviour that differs between a laptop and production (pretty logs, dev-only allow-lists). Unset means
  // production: forgetting the variable in a deployment must not switch on development shortcuts.
  NODE_ENV: envEnum(nodeEnvironments, { default: "production" }),
  // The least severe log level written; `debug` while investigating, `silent` in noisy tests.
  LOG_LEVEL: envEnum(logLevels, { default: "info" }),
  // The Postgres cluster; each service keeps its tables in its own schema there (search_path is set per service).
  // The default is the local development server.
  DATABASE_URL: envUrl({
    protocols: ["postgres", "postgresql"],
    default: "postgres://postgres@127.0.0.1:5432/postd",
  }),
  // Connections of the service's Postgres pool (per process). 10 by default; test systems that run many services
  // per file on one shared server lower it so that parallel test files stay under the server's max_connections.
  DATABASE_POOL_MAX: envInteger({ min: 1, max: 200, default: 10 }),
  // Redis holds BullMQ queues and short-lived locks only; the default is the local development server.
  REDIS_URL: envUrl({ protocols: ["redis", "rediss"], default: "redis://127.0.0.1:6379" }),
  // Prefix of every BullMQ key (BullMQ's own `prefix` option; ioredis `keyPrefix` is forbidden by BullMQ), so
  // several deployments or test files can share one Redis.
  REDIS_PREFIX: envString({
    pattern: /^[A-Za-z0-9_.:{}-]+$/,
    expected: "letters, digits and _ . : { } -",
    default: "postd",
  }),
  // The NATS server (events on JetStream, service-to-service requests); the default is the local server.
  NATS_URL: envUrl({ protocols: ["nats", "tls", "ws", "wss"], default: "nats://127.0.0.1:4222" }),
  // Put before every subject, stream, consumer and bucket name. Empty in production; each test file sets its own
  // so files share one NATS server without seeing each other's traffic.
  NATS_PREFIX: envString({
    pattern: /^[a-z0-9_]*$/,
    expected: "lower-case letters, digits and _ (no dots)",
    default: "",
  }),
  // The small HTTP port for /healthz, /readyz and /metrics (probes and Prometheus), apart from any public port.
  // Each app declares its own default after the spread so apps on one machine do not collide.
  INTERNAL_PORT: envInteger({ min: 1, max: 65535, default: 9400 }),
  // Copies of each JetStream stream the service creates: 1 on a single server (development, tests), 3 on a
  // three-server cluster (infra/k8s) so a stream survives losing a server. A stream is never scaled down by a
  // service start: lowering it is an operator's decision (`nats stream edit`).
  NATS_STREAM_REPLICAS: envInteger({ min: 1, max: 5, default: 1 }),
  // Where traces and metrics go over OTLP/HTTP (an OpenTelemetry collector, or Datadog's agent). Unset: no export.
  OTEL_EXPORTER_OTLP_ENDPOINT: envUrl({ protocols: ["http", "https"] }).optional(),
  // How long a graceful shutdown may take before the process exits anyway; keep it below the orchestrator's grace
  // period (Kubernetes: 30 s by default).
  SHUTDOWN_DEADLINE_MS: envInteger({ min: 100, max: 600_000, default: 25_000 }),
  // Multiplies every delay, backoff, TTL and schedule (see `scaleMs`). 1 in production; tests use e.g. 0.01.
  TIME_SCALE: envNumber({ min: 0.0001, max: 1000, default: 1 }),
};
