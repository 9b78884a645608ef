import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { createRedisNamespace } from "../src/index";

const mine = createRedisNamespace();
const theirs = createRedisNamespace();
const redis = new Redis(mine.url);

afterAll(async () => {
  await Promise.all([mine.cleanup(), theirs.cleanup()]);
  redis.disconnect();
});

async function countKeys(prefix: string): Promise<number> {
  let cursor = "0";
  let count = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    count += keys.length;
    cursor = next;
  } while (cursor !== "0");
  return count;
}

describe("createRedisNamespace", () => {
  it("hands out distinct t_<random> prefixes", () => {
    expect(mine.prefix).toMatch(/^t_[a-z0-9]{10}$/);
    expect(theirs.prefix).not.toBe(mine.prefix);
  });

  it("deletes only its own keys, across several SCAN pages", async () => {
    const pipeline = redis.pipeline();
    for (let index = 0; index < 2500; index++) pipeline.set(`${mine.prefix}:queue:${index}`, "x");
    pipeline.set(`${theirs.prefix}:queue:1`, "y");
    // a key that merely starts with the same characters is not in the namespace
    pipeline.set(`${mine.prefix}x:other`, "z");
    await pipeline.exec();
    expect(await countKeys(mine.prefix)).toBe(2500);

    await mine.cleanup();

    expect(await countKeys(mine.prefix)).toBe(0);
    expect(await redis.get(`${theirs.prefix}:queue:1`)).toBe("y");
    expect(await redis.get(`${mine.prefix}x:other`)).toBe("z");
    await redis.del(`${mine.prefix}x:other`);
  });
});
