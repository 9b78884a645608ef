import { loadavg } from "node:os";
import { findLoadRate, type LoadRate } from "./load/find-load-rate";
import { judgeLoad, writeLoadResults } from "./load/load-report";
import { openLoadSystem } from "./load/open-load-system";
import { type OverloadRun, runOverload } from "./load/run-overload";
import { type RecoveryRun, runRecovery } from "./load/run-recovery";
import { runSteady, type SteadyRun } from "./load/run-steady";
import { benchNumber, benchOptionalNumber, benchString, log } from "./support/bench-env";
import { round1 } from "./support/stats";
import { startBenchServers } from "./system/bench-servers";
import type { ExactlyOnceReport } from "./system/post-ledger";

/**
 * The load scenario (issue 8): the saturation rate found quickly; half of it for ten minutes with 5 % platform
 * faults (no throughput decay, flat memory, every post exactly once); 1.5× of it for half a minute (the excess
 * refused quickly with 429/503, the queue bounded); then half of it again for a minute (it recovers).
 */
export const loadSettings = {
  servers: benchString("BENCH_SERVERS", "private") === "shared" ? ("shared" as const) : ("private" as const),
  simLatencyMs: benchNumber("BENCH_SIM_LATENCY_MS", 100),
  publishWorkers: benchNumber("BENCH_PUBLISH_WORKERS", 2),
  publishConcurrency: benchNumber("BENCH_PUBLISH_CONCURRENCY", 50),
  logLevel: benchString("BENCH_LOG_LEVEL", "info"),
  /** the 1× rate in posts/s; unset: a quick saturation search */
  givenRate: benchOptionalNumber("BENCH_LOAD_RATE"),
  saturationLevelMs: benchNumber("BENCH_LOAD_SATURATION_LEVEL_SECONDS", 8) * 1000,
  warmupMs: benchNumber("BENCH_LOAD_WARMUP_SECONDS", 20) * 1000,
  steadyMs: benchNumber("BENCH_LOAD_STEADY_SECONDS", 600) * 1000,
  faultRate: benchNumber("BENCH_LOAD_FAULT_RATE", 0.05),
  faultStatus: benchNumber("BENCH_LOAD_FAULT_STATUS", 500),
  overloadMs: benchNumber("BENCH_LOAD_OVERLOAD_SECONDS", 30) * 1000,
  overloadFactor: benchNumber("BENCH_LOAD_OVERLOAD_FACTOR", 1.5),
  recoveryMs: benchNumber("BENCH_LOAD_RECOVERY_SECONDS", 60) * 1000,
  /** PUBLISH_QUEUE_MAX_WAITING; unset: 5 s of work at the 1× rate (at least 10) */
  queueMaxWaiting: benchOptionalNumber("BENCH_LOAD_QUEUE_MAX_WAITING"),
  /** RATE_LIMIT_PER_MINUTE; unset: 40 s of the 1× rate, so half of it passes and 1.5× of it does not */
  rateLimitPerMinute: benchOptionalNumber("BENCH_LOAD_RATE_LIMIT_PER_MINUTE"),
  sampleIntervalMs: benchNumber("BENCH_LOAD_SAMPLE_SECONDS", 10) * 1000,
};
export type LoadSettings = typeof loadSettings;

export interface LoadBenchResult {
  rate: LoadRate;
  limits: { queueMaxWaiting: number; rateLimitPerMinute: number };
  steady: SteadyRun;
  overload: OverloadRun;
  recovery: RecoveryRun;
  /** every accepted post of the measured system, once it all settled */
  exactlyOnce: ExactlyOnceReport;
  /** accepted targets still on their way when the settle wait ended */
  unsettled: number;
  /** the machine's 1/5/15-minute load averages at the start and at the end: what else was running */
  loadAverage: { start: number[]; end: number[] };
}

async function main(): Promise<void> {
  const settings = loadSettings;
  const loadAtStart = loadavg().map(round1);
  const servers = await startBenchServers(settings.servers);
  try {
    const rate = await findLoadRate({
      servers,
      givenRate: settings.givenRate,
      publishWorkers: settings.publishWorkers,
      publishConcurrency: settings.publishConcurrency,
      simLatencyMs: settings.simLatencyMs,
      logLevel: settings.logLevel,
      levelMs: settings.saturationLevelMs,
      log,
    });
    const limits = {
      queueMaxWaiting: settings.queueMaxWaiting ?? Math.max(10, Math.round(rate.postsPerSecond * 5)),
      rateLimitPerMinute: settings.rateLimitPerMinute ?? Math.max(20, Math.round(rate.postsPerSecond * 40)),
    };
    log(
      `1× = ${rate.postsPerSecond} posts/s (${rate.source}); queue bound ${limits.queueMaxWaiting}, rate limit ${limits.rateLimitPerMinute}/min`,
    );
    const result = await runMeasured({ servers, rate, limits });
    const report = { ...result, loadAverage: { start: loadAtStart, end: loadavg().map(round1) } };
    const verdicts = judgeLoad(report);
    writeLoadResults({ settings, result: report, verdicts });
    for (const verdict of verdicts)
      log(`  ${verdict.met ? "met" : "NOT met"}: ${verdict.criterion} (${verdict.figure})`);
  } finally {
    await servers.dispose();
  }
}

async function runMeasured(input: {
  servers: Awaited<ReturnType<typeof startBenchServers>>;
  rate: LoadRate;
  limits: LoadBenchResult["limits"];
}): Promise<Omit<LoadBenchResult, "loadAverage">> {
  const settings = loadSettings;
  const half = input.rate.postsPerSecond / 2;
  log(
    `starting the measured system (${settings.publishWorkers} publish workers × ${settings.publishConcurrency})`,
  );
  const system = await openLoadSystem({ ...settings, servers: input.servers, ...input.limits });
  try {
    log(
      `steady: ${round1(half)}/s for ${settings.steadyMs / 1000} s, ${settings.faultRate * 100} % platform ${settings.faultStatus}s`,
    );
    const steady = await runSteady({
      system,
      servers: input.servers,
      ratePerSecond: half,
      warmupMs: settings.warmupMs,
      durationMs: settings.steadyMs,
      faultRate: settings.faultRate,
      faultStatus: settings.faultStatus,
      sampleIntervalMs: settings.sampleIntervalMs,
      settleTimeoutMs: 180_000,
    });
    log(
      `  ${steady.non2xx} non-2xx; published/s first minute ${steady.minutes[0]?.publishedPerSecond}, last ${steady.minutes.at(-1)?.publishedPerSecond} (ratio ${steady.throughputRatio}); services RSS ${steady.memory.servicesFirstMiB} → ${steady.memory.servicesLastMiB} MiB`,
    );
    const overloadRate = input.rate.postsPerSecond * settings.overloadFactor;
    log(`overload: ${round1(overloadRate)}/s for ${settings.overloadMs / 1000} s`);
    const overload = await runOverload({
      system,
      ratePerSecond: overloadRate,
      durationMs: settings.overloadMs,
      queueMaxWaiting: input.limits.queueMaxWaiting,
      queueIntervalMs: 1_000,
      drainTimeoutMs: 300_000,
      rateWindowMs: 60_000,
    });
    log(
      `  ${JSON.stringify(overload.statuses)}; refusal p99 ${overload.refusalMs.p99} ms; max waiting ${overload.maxWaiting} (bound ${input.limits.queueMaxWaiting}); drained in ${overload.drainSeconds} s`,
    );
    log(`recovery: ${round1(half)}/s for ${settings.recoveryMs / 1000} s`);
    const recovery = await runRecovery({
      system,
      last429At: overload.last429At,
      ratePerSecond: half,
      durationMs: settings.recoveryMs,
      settleTimeoutMs: 120_000,
    });
    log(
      `  after ${round1(recovery.waitedForRateWindowMs / 1000)} s for the rate window: ${JSON.stringify(recovery.paced.statuses)}, e2e p99 ${recovery.paced.endToEndMs.p99} ms`,
    );
    const unsettled = await system.ledger.waitUntilSettled(system.bench.sql, { timeoutMs: 180_000 });
    const exactlyOnce = await system.ledger.verifyExactlyOnce(system.bench.sql, await system.sim.postTexts());
    log(`  exactly once: ${JSON.stringify(exactlyOnce)}`);
    return { rate: input.rate, limits: input.limits, steady, overload, recovery, exactlyOnce, unsettled };
  } finally {
    await system.close();
  }
}

await main();
