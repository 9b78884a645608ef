/** Latency figures of one measured run, in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** The nearest-rank percentile of values sorted ascending (0 for none). */
export function percentileOfSorted(sorted: readonly number[], percent: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((percent / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))] ?? 0;
}

export function summarizeLatencies(values: readonly number[]): LatencySummary {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    p50: round1(percentileOfSorted(sorted, 50)),
    p90: round1(percentileOfSorted(sorted, 90)),
    p99: round1(percentileOfSorted(sorted, 99)),
    max: round1(sorted.at(-1) ?? 0),
    mean: round1(sorted.length === 0 ? 0 : total / sorted.length),
  };
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0) + upper) / 2;
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Counts of each HTTP status seen, e.g. `{ "202": 9000, "503": 12 }`. */
export type StatusCounts = Record<string, number>;

export function countStatus(counts: StatusCounts, status: number): void {
  const key = String(status);
  counts[key] = (counts[key] ?? 0) + 1;
}

export function non2xx(counts: StatusCounts): number {
  return Object.entries(counts)
    .filter(([status]) => !status.startsWith("2"))
    .reduce((sum, [, count]) => sum + count, 0);
}
