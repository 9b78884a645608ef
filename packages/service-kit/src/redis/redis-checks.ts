import type { Redis } from "ioredis";
import type { Logger } from "pino";

/**
 * Reads Redis's `maxmemory-policy` and warns unless it is `noeviction`: under memory pressure any other policy lets
 * Redis drop BullMQ's keys, and jobs vanish without a trace. Returns the policy, or undefined when it cannot be read
 * (managed Redis often disables CONFIG; then it logs what to check by hand).
 */
export async function checkEvictionPolicy(redis: Redis, logger: Logger): Promise<string | undefined> {
  let reply: unknown;
  try {
    reply = await redis.config("GET", "maxmemory-policy");
  } catch (error) {
    logger.info({ err: error }, "cannot read redis maxmemory-policy; make sure it is noeviction");
    return undefined;
  }
  const policy = Array.isArray(reply) && typeof reply[1] === "string" ? reply[1] : undefined;
  if (policy === undefined) {
    logger.info("redis did not report maxmemory-policy; make sure it is noeviction");
  } else if (policy !== "noeviction") {
    logger.warn({ policy }, "redis maxmemory-policy is not noeviction; queued jobs can be evicted");
  }
  return policy;
}

/**
 * A readiness check: fails at once when the client is not connected (instead of waiting in the offline queue for
 * the next reconnect), otherwise round-trips a PING.
 */
export async function pingRedis(redis: Redis): Promise<void> {
  if (redis.status !== "ready") throw new Error(`redis connection is ${redis.status}`);
  const answer = await redis.ping();
  if (answer !== "PONG") throw new Error(`redis answered ${JSON.stringify(answer)} to PING`);
}
