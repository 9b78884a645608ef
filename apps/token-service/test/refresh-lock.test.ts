import { createRedisNamespace } from "@postd/testing";
import { Redis } from "ioredis";
import { afterAll, describe, expect, it, vi } from "vitest";
import { createRefreshLocks } from "../src/refresh/refresh-lock";

const namespace = createRedisNamespace();
const redis = new Redis(namespace.url);

afterAll(async () => {
  redis.disconnect();
  await namespace.cleanup();
});

describe("refresh lock", () => {
  it("is owned: one holder at a time, and a stalled holder's release cannot free the next holder's lock", async () => {
    const locks = createRefreshLocks({ redis, prefix: namespace.prefix, ttlMs: 100 });
    const stalled = await locks.tryAcquire("refresh:con_a");
    expect(stalled).not.toBeNull();
    await expect(locks.tryAcquire("refresh:con_a")).resolves.toBeNull();
    const key = `${namespace.prefix}:token-service:lock:refresh:con_a`;
    await vi.waitFor(async () => expect(await redis.exists(key)).toBe(0), { interval: 10 });
    const next = await locks.tryAcquire("refresh:con_a", { ttlMs: 10_000 });
    expect(next).not.toBeNull();
    await expect(stalled?.release()).resolves.toBe(false);
    expect(await redis.get(key)).toBe(next?.token);
    await expect(next?.release()).resolves.toBe(true);
    expect(await redis.exists(key)).toBe(0);
  });
});
