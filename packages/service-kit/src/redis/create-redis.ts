import { Redis } from "ioredis";
import type { Logger } from "pino";

export interface RedisOptions {
  url: string;
  logger: Logger;
  /** shown by `CLIENT LIST`, e.g. `publish-service:worker` */
  connectionName?: string;
}

/** Reconnect after 100 ms, 200 ms, 400 ms… never waiting more than 5 s between attempts, and never giving up. */
export function redisReconnectDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 5000);
}

/**
 * An ioredis client BullMQ can use: commands wait through an outage instead of failing after a few retries
 * (`maxRetriesPerRequest: null`, which BullMQ requires of worker connections), commands queue until the server
 * says it is ready, and reconnection backs off up to 5 s. Keys are not prefixed here: BullMQ takes its prefix
 * from `REDIS_PREFIX` through its own `prefix` option and refuses ioredis `keyPrefix`.
 */
export function createRedis(options: RedisOptions): Redis {
  const redis = new Redis(options.url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    connectTimeout: 10_000,
    retryStrategy: redisReconnectDelayMs,
    ...(options.connectionName ? { connectionName: options.connectionName } : {}),
  });
  logConnectionChanges(
    redis,
    options.logger.child({ component: "redis", connectionName: options.connectionName }),
  );
  return redis;
}

/**
 * One line when the connection comes up, one when it is lost and one when it is back; errors repeated by every
 * reconnect attempt of one outage go to debug, so an outage does not flood the log.
 */
function logConnectionChanges(redis: Redis, log: Logger): void {
  let state: "connecting" | "up" | "down" = "connecting";
  let downSince = 0;
  let lastError: unknown;
  redis.on("error", (error: unknown) => {
    lastError = error;
    log.debug({ err: error }, "redis error");
  });
  redis.on("reconnecting", (delayMs: number) => {
    if (state === "down") return log.debug({ delayMs }, "redis reconnecting");
    log.warn({ err: lastError, delayMs }, state === "up" ? "redis connection lost" : "redis unreachable");
    state = "down";
    downSince = Date.now();
  });
  redis.on("ready", () => {
    if (state === "down") log.info({ downMs: Date.now() - downSince }, "redis connection restored");
    else log.info("redis connected");
    state = "up";
  });
  redis.on("end", () => log.info("redis connection closed"));
}
