import { describe, expect, it } from "vitest";
import { refreshJobId, refreshRetryDelayMs } from "./refresh.job";

describe("refresh job", () => {
  it("names one job per connection version", () => {
    expect(refreshJobId("con_1", 3)).toBe("refresh:con_1:3");
  });

  it("backs off exponentially with jitter, honours Retry-After and the time scale", () => {
    const low = (attemptsMade: number) =>
      refreshRetryDelayMs({ attemptsMade, timeScale: 1, random: () => 0 });
    const high = (attemptsMade: number) =>
      refreshRetryDelayMs({ attemptsMade, timeScale: 1, random: () => 1 });
    expect([low(1), high(1)]).toEqual([2_500, 5_000]);
    expect([low(3), high(3)]).toEqual([10_000, 20_000]);
    expect(high(30)).toBe(600_000);
    expect(
      refreshRetryDelayMs({ attemptsMade: 1, timeScale: 1, retryAfterMs: 60_000, random: () => 0 }),
    ).toBe(60_000);
    expect(refreshRetryDelayMs({ attemptsMade: 1, timeScale: 0.01, random: () => 1 })).toBe(50);
  });
});
