import { describe, expect, it } from "vitest";
import { checkOffsetMs } from "../jobs/check.job";
import { displayName, parseExpectedServices } from "./check-services";
import { worstStatus } from "./check-system";

describe("system health pieces", () => {
  it("reads expected services with replica counts", () => {
    expect(parseExpectedServices(["gateway", "token:2", "publish:x"])).toEqual([
      { service: "gateway", replicas: 1 },
      { service: "token", replicas: 2 },
      { service: "publish", replicas: 1 },
    ]);
    expect(displayName("gateway")).toBe("gateway");
    expect(displayName("token")).toBe("token-service");
  });

  it("takes the worst status", () => {
    expect(worstStatus([])).toBe("ok");
    expect(worstStatus([{ status: "ok" }, { status: "degraded" }])).toBe("degraded");
    expect(worstStatus([{ status: "down" }, { status: "degraded" }])).toBe("down");
  });

  it("spreads check offsets over the interval, the same one each time for a connection", () => {
    const interval = 21_600_000;
    const offsets = Array.from({ length: 200 }, (_, i) => checkOffsetMs(`con_${i}`, interval));
    expect(checkOffsetMs("con_1", interval)).toBe(offsets[1]);
    for (const offset of offsets) expect(offset).toBeGreaterThan(0);
    for (const offset of offsets) expect(offset).toBeLessThan(interval);
    const firstHalf = offsets.filter((offset) => offset < interval / 2).length;
    expect(firstHalf).toBeGreaterThan(70);
    expect(firstHalf).toBeLessThan(130);
  });
});
