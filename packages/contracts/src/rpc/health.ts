import { z } from "zod";
import { defineRpc } from "../rpc";
import { MetricSnapshot } from "./metrics";
import { HealthSummary } from "./token";

/** `POST /api/connections/:id/health-check`: health-service checks one connection now. */
export const CheckConnectionHealth = defineRpc({
  service: "health",
  verb: "check-connection",
  request: z.object({ tenantId: z.string().min(1), connectionId: z.string().min(1) }),
  response: z.object({
    status: HealthSummary.shape.status,
    latencyMs: z.number().nonnegative(),
    /** what a person should know about the outcome; never a token */
    detail: z.string(),
    checkedAt: z.iso.datetime(),
  }),
  defaultTimeoutMs: 35_000,
});

/** ok; degraded (works with reduced capacity, e.g. a replica missing or Redis may evict); down. */
export const ComponentStatus = z.enum(["ok", "degraded", "down"]);
export type ComponentStatus = z.infer<typeof ComponentStatus>;

export const ComponentHealth = z.object({
  /** `postgres`, `redis`, `nats`, `jetstream`, `vault`, or a service: `token-service` */
  name: z.string(),
  status: ComponentStatus,
  detail: z.string(),
});
export type ComponentHealth = z.infer<typeof ComponentHealth>;

export const SystemHealthReport = z.object({
  /** the worst component status */
  status: ComponentStatus,
  components: z.array(ComponentHealth),
  checkedAt: z.iso.datetime(),
});
export type SystemHealthReport = z.infer<typeof SystemHealthReport>;

/** `GET /api/health`: Postgres, Redis (with its eviction policy), NATS and JetStream, each service, the vault. */
export const SystemHealth = defineRpc({
  service: "health",
  verb: "system",
  request: z.object({}).default({}),
  response: SystemHealthReport,
  defaultTimeoutMs: 10_000,
});

export const QueueStats = z.object({
  /** `<service>.<job>`, e.g. `publish-service.publish` */
  name: z.string(),
  waiting: z.number().int().nonnegative(),
  active: z.number().int().nonnegative(),
  delayed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  completed: z.number().int().nonnegative(),
  /** how long the oldest waiting job has waited; null when nothing waits */
  oldestWaitingAgeMs: z.number().nonnegative().nullable(),
});
export type QueueStats = z.infer<typeof QueueStats>;

/** `GET /api/health/queue`: every BullMQ queue of every service, known by name or found in Redis. */
export const QueueHealth = defineRpc({
  service: "health",
  verb: "queues",
  request: z.object({}).default({}),
  response: z.object({ queues: z.array(QueueStats) }),
  defaultTimeoutMs: 10_000,
});

export const ErrorRate = z.object({
  /** the histogram the rate is read from, e.g. `rpc.request.duration` */
  name: z.string(),
  labels: z.record(z.string(), z.string()),
  total: z.number().nonnegative(),
  errors: z.number().nonnegative(),
  /** errors / total, 0 when total is 0 */
  rate: z.number().min(0).max(1),
});
export type ErrorRate = z.infer<typeof ErrorRate>;

/**
 * `GET /api/health/metrics`: every service's `svc.<service>.metrics` snapshot merged, each series labelled with its
 * `service`. Not `svc.health.metrics`: that subject is health-service's own snapshot, which every service answers.
 */
export const MetricsRollup = defineRpc({
  service: "health",
  verb: "metrics-rollup",
  request: z.object({}).default({}),
  response: z.object({
    metrics: z.array(MetricSnapshot),
    /** per histogram series with an `outcome` label: how many ended in error, summed over the other labels */
    errorRates: z.array(ErrorRate),
    /** the services that answered, and those that did not */
    services: z.object({ answered: z.array(z.string()), missing: z.array(z.string()) }),
  }),
  defaultTimeoutMs: 10_000,
});
