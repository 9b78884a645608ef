import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** Deletes the key only if it still holds our token: a holder whose lock expired cannot free the next holder's. */
const releaseScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

export interface HeldLock {
  /** unique per acquisition; also the owner written into the database claim */
  readonly token: string;
  /** compare-and-delete; resolves false when the lock had expired (and perhaps been taken by another) */
  release(): Promise<boolean>;
}

export interface RefreshLocks {
  /** `SET key token NX PX ttl`: the lock, or null when another process holds it */
  tryAcquire(name: string, options?: { ttlMs?: number }): Promise<HeldLock | null>;
}

/** Owned Redis locks under `<prefix>:token-service:lock:<name>`. */
export function createRefreshLocks(options: { redis: Redis; prefix: string; ttlMs: number }): RefreshLocks {
  const { redis } = options;
  return {
    async tryAcquire(name, acquireOptions = {}) {
      const key = `${options.prefix}:token-service:lock:${name}`;
      const token = randomUUID();
      const answer = await redis.set(key, token, "PX", acquireOptions.ttlMs ?? options.ttlMs, "NX");
      if (answer !== "OK") return null;
      return {
        token,
        release: async () => (await redis.eval(releaseScript, 1, key, token)) === 1,
      };
    },
  };
}
