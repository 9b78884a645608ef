import type { Redis } from "ioredis";
import type { Logger } from "pino";

/** One atomic round trip: count the hit and, on the window's first hit, let the key expire after the window. */
const hitScript = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return count
`;

export interface RateLimitDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds until the window resets (Retry-After when refused) */
  resetSeconds: number;
}

export interface RateLimiter {
  /** counts one request against `key` and says whether it is within `limit` */
  hit(key: string, limit: number): Promise<RateLimitDecision>;
  /** says whether `key` is already over `limit`, without counting */
  peek(key: string, limit: number): Promise<RateLimitDecision>;
}

export interface RateLimiterOptions {
  redis: Redis;
  /** REDIS_PREFIX: every key is `<prefix>:gateway:rate:<key>:<window>` */
  prefix: string;
  logger: Logger;
  windowMs?: number;
  /** past this, Redis is treated as unavailable and the request is let through (fail open) */
  timeoutMs?: number;
  now?: () => number;
}

/**
 * Fixed windows in Redis, aligned to the clock (the window's index is in the key, so no reset race). A limiter
 * must not take the API down with Redis: when Redis does not answer within `timeoutMs` the request is allowed
 * and a warning logged (ADR 0012).
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 250;
  const now = options.now ?? Date.now;
  const windowKey = (key: string) => {
    const at = now();
    const index = Math.floor(at / windowMs);
    return {
      redisKey: `${options.prefix}:gateway:rate:${key}:${index}`,
      msLeft: (index + 1) * windowMs - at,
    };
  };
  const decide = (count: number, limit: number, msLeft: number): RateLimitDecision => ({
    allowed: count <= limit,
    limit,
    remaining: Math.max(0, limit - count),
    resetSeconds: Math.max(1, Math.ceil(msLeft / 1000)),
  });
  const failOpen = (limit: number, error: unknown): RateLimitDecision => {
    options.logger.warn({ err: error }, "rate limiter unavailable; request allowed");
    return { allowed: true, limit, remaining: limit, resetSeconds: Math.ceil(windowMs / 1000) };
  };
  return {
    async hit(key, limit) {
      const { redisKey, msLeft } = windowKey(key);
      try {
        const reply = await withTimeout(
          options.redis.eval(hitScript, 1, redisKey, String(msLeft + 1000)),
          timeoutMs,
        );
        return decide(Number(reply), limit, msLeft);
      } catch (error) {
        return failOpen(limit, error);
      }
    },
    async peek(key, limit) {
      const { redisKey, msLeft } = windowKey(key);
      try {
        const count = Number((await withTimeout(options.redis.get(redisKey), timeoutMs)) ?? 0);
        return decide(count + 1, limit, msLeft);
      } catch (error) {
        return failOpen(limit, error);
      }
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`redis did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
