import { Redis } from "ioredis";
import { randomToken } from "./random-token";
import { sharedServers } from "./shared-servers";

export interface RedisNamespace {
  readonly url: string;
  /** `t_<random>`: pass it as the BullMQ `prefix` (and start every other key with `<prefix>:`) */
  readonly prefix: string;
  /** deletes every `<prefix>:*` key (SCAN + UNLINK; never FLUSHALL on the shared server) */
  cleanup(): Promise<void>;
}

/** A key prefix of its own on the shared Redis (or `url`'s), for one test file. */
export function createRedisNamespace(options: { url?: string } = {}): RedisNamespace {
  const url = options.url ?? sharedServers.redisUrl();
  const prefix = `t_${randomToken()}`;
  return {
    url,
    prefix,
    async cleanup() {
      const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
      try {
        await redis.connect();
        await deleteKeysMatching(redis, `${prefix}:*`);
      } finally {
        redis.disconnect();
      }
    },
  };
}

async function deleteKeysMatching(redis: Redis, pattern: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    if (keys.length > 0) await redis.unlink(...keys);
    cursor = next;
  } while (cursor !== "0");
}
