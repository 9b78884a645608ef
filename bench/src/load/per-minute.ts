import { round1, round3 } from "../support/stats";
import type { LedgerEntry } from "../system/post-ledger";

export interface MinuteFigures {
  /** 1-based */
  minute: number;
  /** seconds since the phase started */
  fromSeconds: number;
  toSeconds: number;
  /** requests due in the minute */
  sent: number;
  /** of them answered 202 */
  accepted: number;
  /** posts whose `published_at` falls in the minute */
  published: number;
  publishedPerSecond: number;
}

/**
 * Throughput per minute of a phase: posts published (by `published_at`) in each minute since the phase started.
 * A remainder shorter than half a minute joins the minute before, so the last minute is never a sliver.
 */
export function publishedPerMinute(input: {
  startedAt: number;
  durationMs: number;
  entries: readonly LedgerEntry[];
  publishedAt: ReadonlyMap<string, number>;
}): { minutes: MinuteFigures[]; publishedAfterEnd: number; throughputRatio: number } {
  const bounds: Array<[number, number]> = [];
  for (let from = 0; from < input.durationMs; from += 60_000) {
    const to = Math.min(input.durationMs, from + 60_000);
    const last = bounds.at(-1);
    if (last && to - from < 30_000) last[1] = to;
    else bounds.push([from, to]);
  }
  const minutes = bounds.map(([from, to], index): MinuteFigures => {
    const inMinute = (at: number) => at >= input.startedAt + from && at < input.startedAt + to;
    const due = input.entries.filter((entry) => inMinute(entry.scheduledAt));
    const published = [...input.publishedAt.values()].filter(inMinute).length;
    return {
      minute: index + 1,
      fromSeconds: from / 1000,
      toSeconds: to / 1000,
      sent: due.length,
      accepted: due.filter((entry) => entry.status === 202).length,
      published,
      publishedPerSecond: round1((published * 1000) / (to - from)),
    };
  });
  const end = input.startedAt + input.durationMs;
  const first = minutes[0]?.publishedPerSecond ?? 0;
  const last = minutes.at(-1)?.publishedPerSecond ?? 0;
  return {
    minutes,
    publishedAfterEnd: [...input.publishedAt.values()].filter((at) => at >= end).length,
    throughputRatio: first === 0 ? 0 : round3(last / first),
  };
}
