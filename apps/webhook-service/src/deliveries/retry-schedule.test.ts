import { describe, expect, it } from "vitest";
import { nextAttemptAt } from "./retry-schedule";

const settings = { retryDelaysMs: [60_000, 300_000, 1_800_000], jitterRatio: 0.2 };
const failedAt = new Date("2026-01-01T00:00:00.000Z");

describe("nextAttemptAt", () => {
  it("waits the schedule's delay for each retry, then gives up", () => {
    const at = (seriesAttempt: number) =>
      nextAttemptAt({ settings, seriesAttempt, failedAt, random: () => 0 });
    expect(at(1)?.getTime()).toBe(failedAt.getTime() + 60_000);
    expect(at(2)?.getTime()).toBe(failedAt.getTime() + 300_000);
    expect(at(3)?.getTime()).toBe(failedAt.getTime() + 1_800_000);
    expect(at(4)).toBeNull();
  });

  it("adds at most jitterRatio of the delay, never less than the delay", () => {
    const high = nextAttemptAt({ settings, seriesAttempt: 2, failedAt, random: () => 0.999_999 });
    expect(high?.getTime()).toBe(failedAt.getTime() + 360_000);
    const mid = nextAttemptAt({ settings, seriesAttempt: 2, failedAt, random: () => 0.5 });
    expect(mid?.getTime()).toBe(failedAt.getTime() + 330_000);
  });
});
