import { setTimeout as sleep } from "node:timers/promises";
import { epochNow, runOpenLoop } from "../support/load-loops";
import { type LatencySummary, round1, type StatusCounts, summarizeLatencies } from "../support/stats";
import type { LoadSystem } from "./open-load-system";
import { type QueueSample, startQueueSampler } from "./sample-queue";

/** The refusals a client is told to come back after: the tenant's rate limit and the queue's back-pressure. */
const refusalStatuses = new Set([429, 503]);

export interface OverloadRun {
  /** the wait for the next rate-limit window to start the overload in, ms */
  waitedForRateWindowMs: number;
  ratePerSecond: number;
  durationMs: number;
  sent: number;
  statuses: StatusCounts;
  accepted: number;
  /** answered 429 or 503 */
  refused: number;
  /** anything else: another status, or no answer (0) */
  failed: number;
  /** the scheduled send → the answer, per status */
  latencyMsByStatus: Record<string, LatencySummary>;
  /** every 429 and 503 */
  refusalMs: LatencySummary;
  /** epoch ms of the last 429, null when none came */
  last429At: number | null;
  queueMaxWaiting: number;
  /** the most publish jobs waiting in any sample, during the overload and the drain after it */
  maxWaiting: number | null;
  /** from the end of the overload until no publish job waited, s (null: not within the timeout) */
  drainSeconds: number | null;
  queueSamples: QueueSample[];
}

/**
 * Overload: an evenly paced open loop above the saturation rate, the publish queue sampled every
 * `queueIntervalMs` through the overload and until the queue has drained. The excess should be refused quickly
 * (429 from the rate limit, 503 from the queue bound) and the waiting count stay near the bound. It starts with
 * a rate-limit window (fixed minutes aligned to the clock), so where the clock falls does not decide whether the
 * overload's requests in one window pass the tenant's limit.
 */
export async function runOverload(options: {
  system: LoadSystem;
  ratePerSecond: number;
  durationMs: number;
  queueMaxWaiting: number;
  queueIntervalMs: number;
  drainTimeoutMs: number;
  rateWindowMs: number;
}): Promise<OverloadRun> {
  const { bench, publisher, client } = options.system;
  const waitedForRateWindowMs = options.rateWindowMs - (Date.now() % options.rateWindowMs) + 100;
  await sleep(waitedForRateWindowMs);
  const queue = startQueueSampler({
    client,
    gatewayUrl: bench.system.gatewayUrl,
    adminKey: bench.system.adminKey,
    intervalMs: options.queueIntervalMs,
  });
  const latencies = new Map<number, number[]>();
  let last429At: number | null = null;
  const send = publisher.sender("overload");
  const result = await runOpenLoop({
    ratePerSecond: options.ratePerSecond,
    durationMs: options.durationMs,
    send: async (sequence, scheduledAt) => {
      const status = await send(sequence, scheduledAt);
      const answeredAt = epochNow();
      const list = latencies.get(status) ?? [];
      list.push(answeredAt - scheduledAt);
      latencies.set(status, list);
      if (status === 429) last429At = answeredAt;
      return status;
    },
  });
  const drainStarted = performance.now();
  let drainSeconds: number | null = null;
  while (performance.now() - drainStarted < options.drainTimeoutMs) {
    await sleep(options.queueIntervalMs);
    if (queue.latest()?.waiting === 0) {
      drainSeconds = round1((performance.now() - drainStarted) / 1000);
      break;
    }
  }
  const queueSamples = queue.stop();
  const waiting = queueSamples.flatMap((sample) => (sample.waiting === null ? [] : [sample.waiting]));
  const count = (match: (status: number) => boolean) =>
    Object.entries(result.statuses)
      .filter(([status]) => match(Number(status)))
      .reduce((sum, [, n]) => sum + n, 0);
  return {
    waitedForRateWindowMs,
    ratePerSecond: round1(options.ratePerSecond),
    durationMs: options.durationMs,
    sent: result.sent,
    statuses: result.statuses,
    accepted: count((status) => status >= 200 && status < 300),
    refused: count((status) => refusalStatuses.has(status)),
    failed: count((status) => (status < 200 || status >= 300) && !refusalStatuses.has(status)),
    latencyMsByStatus: Object.fromEntries(
      [...latencies].map(([status, values]) => [String(status), summarizeLatencies(values)]),
    ),
    refusalMs: summarizeLatencies([...refusalStatuses].flatMap((status) => latencies.get(status) ?? [])),
    last429At,
    queueMaxWaiting: options.queueMaxWaiting,
    maxWaiting: waiting.length === 0 ? null : Math.max(...waiting),
    drainSeconds,
    queueSamples,
  };
}
