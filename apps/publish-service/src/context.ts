import type { ConnectorRegistry } from "@postd/connectors";
import type { Flags } from "@postd/flags";
import type { DrizzleDatabase, RpcClient } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";
import type { Redis } from "ioredis";
import type { CrashPoint } from "./config";
import type { Tables } from "./db/schema";
import type { PublishQueues } from "./jobs/publish-queues";
import type { PacingLimits } from "./pacing/pacing-rules";

/** Settings every verb reads, already scaled by TIME_SCALE where the config says so. */
export interface PublishSettings {
  /** waits before the 2nd, 3rd, … attempt (scaled) */
  retryDelaysMs: readonly number[];
  /** the attempt budget: retries + 1 */
  maxAttempts: number;
  /** real ms: a claim's life without renewal */
  leaseMs: number;
  /** real ms: one platform call's upper bound */
  connectorTimeoutMs: number;
  idempotencyTtlMs: number;
  queueMaxWaiting: number;
  backpressureRetryAfterSeconds: number;
  analyticsCacheMs: number;
  pacing: PacingLimits;
  /** REDIS_PREFIX: our own Redis keys (pacing, locks, cache) live under `<prefix>:publish-service:` */
  redisPrefix: string;
}

/** What every publish-service verb works with; one per process, with a child logger per request or job. */
export interface PublishContext {
  db: DrizzleDatabase<Tables>;
  logger: Logger;
  connectors: ConnectorRegistry;
  /** calls svc.token.* */
  rpc: RpcClient;
  flags: Pick<Flags, "isEnabled">;
  queues: PublishQueues;
  redis: Redis;
  settings: PublishSettings;
  /** this process (`<host>-<pid>`), the first part of every lease owner it writes */
  instanceId: string;
  /** where a crash test SIGKILLs the process (`TEST_CRASH_POINT`); a no-op otherwise */
  crashPoint(point: CrashPoint): void;
}

/** A Redis key of ours: `<REDIS_PREFIX>:publish-service:<parts…>`. */
export function redisKey(ctx: Pick<PublishContext, "settings">, ...parts: string[]): string {
  return [ctx.settings.redisPrefix, "publish-service", ...parts].join(":");
}
