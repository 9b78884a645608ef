import { describe, expect, it } from "vitest";
import { TenantKeyCache, type TenantKeys } from "./tenant-key-cache";

function entry(): TenantKeys {
  return { records: new Map(), keys: new Map(), latestVersion: 0, loadedAt: 0, lastUsed: 0 };
}

describe("TenantKeyCache", () => {
  it("never holds more tenants than its bound and drops the least recently used first", () => {
    const cache = new TenantKeyCache({ maxTenants: 10 });
    for (let i = 0; i < 10; i++) cache.set(`ten_${i}`, entry());
    cache.get("ten_0"); // recently used: survives
    cache.set("ten_new", entry());
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.get("ten_0")).toBeDefined();
    expect(cache.get("ten_new")).toBeDefined();
    expect(cache.get("ten_1")).toBeUndefined();
    for (let i = 0; i < 1000; i++) cache.set(`ten_more_${i}`, entry());
    expect(cache.size).toBeLessThanOrEqual(10);
    expect(cache.get("ten_more_999")).toBeDefined();
  });

  it("keeps one tenant with a bound of one", () => {
    const cache = new TenantKeyCache({ maxTenants: 1 });
    cache.set("ten_a", entry());
    cache.set("ten_b", entry());
    expect(cache.size).toBe(1);
    expect(cache.get("ten_b")).toBeDefined();
  });
});
