import type { Histogram } from "@opentelemetry/sdk-metrics";

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

/**
 * p50/p90/p99 estimated from explicit buckets, the way Prometheus' `histogram_quantile` does: find the bucket
 * holding the rank, interpolate linearly inside it. The histogram's recorded min and max bound the first and
 * last (open) buckets, so estimates never leave the observed range.
 */
export function estimatePercentiles(histogram: Histogram): Percentiles {
  return {
    p50: estimatePercentile(histogram, 0.5),
    p90: estimatePercentile(histogram, 0.9),
    p99: estimatePercentile(histogram, 0.99),
  };
}

export function estimatePercentile(histogram: Histogram, quantile: number): number {
  const { boundaries, counts } = histogram.buckets;
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0;
  const rank = quantile * total;
  let below = 0;
  for (let index = 0; index < counts.length; index++) {
    const count = counts[index] ?? 0;
    if (count > 0 && below + count >= rank) {
      const { lower, upper } = bucketRange(histogram, index);
      return lower + (upper - lower) * ((rank - below) / count);
    }
    below += count;
  }
  return histogram.max ?? boundaries.at(-1) ?? 0;
}

function bucketRange(histogram: Histogram, index: number): { lower: number; upper: number } {
  const { boundaries } = histogram.buckets;
  const lastBoundary = boundaries.at(-1) ?? 0;
  let lower = index === 0 ? (histogram.min ?? 0) : (boundaries[index - 1] ?? lastBoundary);
  let upper = boundaries[index] ?? histogram.max ?? lastBoundary;
  if (histogram.min !== undefined) lower = Math.max(lower, histogram.min);
  if (histogram.max !== undefined) upper = Math.min(upper, histogram.max);
  return { lower, upper: Math.max(lower, upper) };
}
