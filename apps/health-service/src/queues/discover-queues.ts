import type { Redis } from "ioredis";

/**
 * Queue names found in Redis: every `<prefix>:<name>:meta` key BullMQ keeps per queue (SCAN, never KEYS).
 * Queue names are `<service>.<job>` and hold no colon, so the name is what lies between.
 */
export async function discoverQueueNames(redis: Redis, prefix: string): Promise<string[]> {
  const names = new Set<string>();
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*:meta`, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      const name = key.slice(prefix.length + 1, -":meta".length);
      if (name && !name.includes(":")) names.add(name);
    }
  } while (cursor !== "0");
  return [...names];
}
