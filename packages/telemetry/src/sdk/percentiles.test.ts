import type { Histogram } from "@opentelemetry/sdk-metrics";
import { describe, expect, it } from "vitest";
import { estimatePercentile, estimatePercentiles } from "./percentiles";

function histogram(values: number[], boundaries: number[]): Histogram {
  const counts = new Array<number>(boundaries.length + 1).fill(0);
  for (const value of values) {
    const index = boundaries.findIndex((boundary) => value <= boundary);
    const bucket = index === -1 ? boundaries.length : index;
    counts[bucket] = (counts[bucket] ?? 0) + 1;
  }
  return {
    buckets: { boundaries, counts },
    count: values.length,
    sum: values.reduce((sum, value) => sum + value, 0),
    min: Math.min(...values),
    max: Math.max(...values),
  };
}

describe("estimatePercentile", () => {
  it("interpolates inside the bucket holding the rank", () => {
    // 10 values evenly in (10, 20]: the median sits half way through that bucket.
    const values = [11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    expect(estimatePercentile(histogram(values, [10, 20, 30]), 0.5)).toBeCloseTo(15.5, 5);
  });

  it("stays inside the observed range for the open first and last buckets", () => {
    const data = histogram([40_000, 50_000, 60_000], [1, 10]);
    const { p50, p99 } = estimatePercentiles(data);
    expect(p50).toBeGreaterThanOrEqual(40_000);
    expect(p99).toBeLessThanOrEqual(60_000);
    expect(estimatePercentile(histogram([0.2, 0.4], [1, 10]), 0.5)).toBeGreaterThanOrEqual(0.2);
  });

  it("answers 0 for an empty histogram", () => {
    expect(estimatePercentiles({ buckets: { boundaries: [1], counts: [0, 0] }, count: 0, sum: 0 })).toEqual({
      p50: 0,
      p90: 0,
      p99: 0,
    });
  });

  it("is monotonic in the quantile", () => {
    const data = histogram(
      [1, 3, 8, 30, 70, 200, 900, 4000],
      [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000],
    );
    const { p50, p90, p99 } = estimatePercentiles(data);
    expect(p50).toBeLessThanOrEqual(p90);
    expect(p90).toBeLessThanOrEqual(p99);
  });
});
