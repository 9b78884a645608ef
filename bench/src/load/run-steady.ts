import { epochNow, runOpenLoop } from "../support/load-loops";
import { type LatencySummary, non2xx, type StatusCounts, summarizeLatencies } from "../support/stats";
import type { BenchServers } from "../system/bench-servers";
import { type MemoryGrowth, memoryGrowth } from "./memory-growth";
import type { LoadSystem } from "./open-load-system";
import { type MinuteFigures, publishedPerMinute } from "./per-minute";
import { type MemorySample, startMemorySampler } from "./sample-memory";
import { startQueueSampler } from "./sample-queue";

export interface SteadyRun {
  ratePerSecond: number;
  warmupMs: number;
  durationMs: number;
  /** the share of platform calls platform-sim answered `faultStatus` (a retryable error) */
  faultRate: number;
  faultStatus: number;
  sent: number;
  statuses: StatusCounts;
  non2xx: number;
  /** the scheduled send → the 202 */
  acceptMs: LatencySummary;
  /** the scheduled send → `published_at`, retried posts included */
  endToEndMs: LatencySummary;
  minutes: MinuteFigures[];
  /** published after the phase ended (the last posts, retries): in no minute */
  publishedAfterEnd: number;
  /** the last minute's published posts per second ÷ the first minute's */
  throughputRatio: number;
  memory: MemoryGrowth;
  /** the most publish jobs waiting in any sample (every memory sample) */
  maxQueueWaiting: number | null;
  samples: MemorySample[];
}

/**
 * Steady load: a warm-up at the rate without faults, then `durationMs` of an evenly paced open loop at the rate
 * while platform-sim answers `faultRate` of the platform calls with a retryable `faultStatus`; memory sampled
 * every `sampleIntervalMs`. Waits until every post of the phase has settled before reading the outcome.
 */
export async function runSteady(options: {
  system: LoadSystem;
  servers: BenchServers;
  ratePerSecond: number;
  warmupMs: number;
  durationMs: number;
  faultRate: number;
  faultStatus: number;
  sampleIntervalMs: number;
  settleTimeoutMs: number;
}): Promise<SteadyRun> {
  const { bench, publisher, ledger, sim, client } = options.system;
  await runOpenLoop({
    ratePerSecond: options.ratePerSecond,
    durationMs: options.warmupMs,
    send: publisher.sender("warmup"),
  });
  await sim.addErrorRate({ rate: options.faultRate, status: options.faultStatus });
  const memory = startMemorySampler({
    processes: () => [...bench.processes(), ...options.servers.processes()],
    intervalMs: options.sampleIntervalMs,
  });
  const queue = startQueueSampler({
    client,
    gatewayUrl: bench.system.gatewayUrl,
    adminKey: bench.system.adminKey,
    intervalMs: options.sampleIntervalMs,
  });
  const startedAt = epochNow();
  const result = await runOpenLoop({
    ratePerSecond: options.ratePerSecond,
    durationMs: options.durationMs,
    send: publisher.sender("steady"),
  });
  const samples = memory.stop();
  const queueSamples = queue.stop();
  await ledger.waitUntilSettled(bench.sql, { timeoutMs: options.settleTimeoutMs });
  await sim.clearFaults();

  const publishedAt = await ledger.publishedAt(bench.sql, "steady");
  const accepted = ledger.accepted("steady");
  const perMinute = publishedPerMinute({
    startedAt,
    durationMs: options.durationMs,
    entries: ledger.entries("steady"),
    publishedAt,
  });
  const waiting = queueSamples.flatMap((sample) => (sample.waiting === null ? [] : [sample.waiting]));
  return {
    ratePerSecond: options.ratePerSecond,
    warmupMs: options.warmupMs,
    durationMs: options.durationMs,
    faultRate: options.faultRate,
    faultStatus: options.faultStatus,
    sent: result.sent,
    statuses: result.statuses,
    non2xx: non2xx(result.statuses),
    acceptMs: summarizeLatencies(result.latenciesMs),
    endToEndMs: summarizeLatencies(
      accepted.flatMap((entry) => {
        const at = publishedAt.get(entry.targetId ?? "");
        return at === undefined ? [] : [Math.max(0, at - entry.scheduledAt)];
      }),
    ),
    ...perMinute,
    memory: memoryGrowth(samples, { windowMs: 60_000, systemProcesses: bench.processes() }),
    maxQueueWaiting: waiting.length === 0 ? null : Math.max(...waiting),
    samples,
  };
}
