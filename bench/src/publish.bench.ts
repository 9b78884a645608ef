import { startBaseline } from "./baseline/start-baseline";
import { type AcceptComparison, compareAccept } from "./publish/accept-comparison";
import { findSaturation, type PacedRun, runPaced, type Saturation } from "./publish/end-to-end";
import { writePublishResults } from "./publish/publish-report";
import { benchNumber, benchString, log } from "./support/bench-env";
import { createJsonClient } from "./support/http-client";
import { round1 } from "./support/stats";
import { startBenchServers } from "./system/bench-servers";
import { type BenchSystem, startBenchSystem } from "./system/bench-system";
import { type BenchTenant, benchPost, createBenchTenant } from "./system/bench-tenant";
import { type ExactlyOnceReport, PostLedger } from "./system/post-ledger";
import { PublicationWatcher } from "./system/publication-watcher";
import { createPublisher } from "./system/publisher";
import { simControl } from "./system/sim-control";

/**
 * The publish scenario (issue 5): (a) accept throughput of `POST /api/publish` against a bare Fastify route doing
 * one INSERT and one LPUSH, alternating in one run; (b) end to end — the saturation rate from accept to
 * `published` (closed loop), then latency at half of it (paced open loop), every post published exactly once.
 */
export const publishSettings = {
  servers: benchString("BENCH_SERVERS", "private") === "shared" ? ("shared" as const) : ("private" as const),
  simLatencyMs: benchNumber("BENCH_SIM_LATENCY_MS", 100),
  publishWorkers: benchNumber("BENCH_PUBLISH_WORKERS", 2),
  publishConcurrency: benchNumber("BENCH_PUBLISH_CONCURRENCY", 50),
  logLevel: benchString("BENCH_LOG_LEVEL", "info"),
  acceptConcurrency: benchNumber("BENCH_ACCEPT_CONCURRENCY", 32),
  acceptRounds: benchNumber("BENCH_ACCEPT_ROUNDS", 6),
  acceptRoundMs: benchNumber("BENCH_ACCEPT_ROUND_SECONDS", 4) * 1000,
  saturationLevelMs: benchNumber("BENCH_SATURATION_LEVEL_SECONDS", 15) * 1000,
  pacedMs: benchNumber("BENCH_PACED_SECONDS", 60) * 1000,
};
export type PublishSettings = typeof publishSettings;

export interface PublishBenchResult {
  accept: AcceptComparison;
  drain: { posts: number; seconds: number; postsPerSecond: number };
  saturation: Saturation;
  paced: PacedRun;
  exactlyOnce: ExactlyOnceReport;
}

async function main(): Promise<void> {
  const settings = publishSettings;
  const servers = await startBenchServers(settings.servers);
  log(`starting the system (${settings.publishWorkers} publish workers × ${settings.publishConcurrency})`);
  const bench = await startBenchSystem({
    servers,
    publishWorkers: settings.publishWorkers,
    publishConcurrency: settings.publishConcurrency,
    rateLimitPerMinute: 1_000_000,
    queueMaxWaiting: 1_000_000,
    logLevel: settings.logLevel,
  });
  const baseline = await startBaseline(servers);
  try {
    const sim = simControl(bench.system.simUrl);
    await sim.configure({ latencyMs: settings.simLatencyMs, rateLimits: false, quotas: false });
    const tenant = await createBenchTenant({
      gatewayUrl: bench.system.gatewayUrl,
      adminKey: bench.system.adminKey,
    });
    log(`tenant ${tenant.tenantId} with ${tenant.accountIds.length} Facebook Pages`);
    const result = await runScenario(bench, tenant, baseline.url);
    writePublishResults({ settings, result });
  } finally {
    await baseline.stop();
    await bench.stop();
    await servers.dispose();
  }
}

async function runScenario(
  bench: BenchSystem,
  tenant: BenchTenant,
  baselineUrl: string,
): Promise<PublishBenchResult> {
  const settings = publishSettings;
  const client = createJsonClient({ maxSockets: 512 });
  const ledger = new PostLedger();
  const publisher = createPublisher({ client, gatewayUrl: bench.system.gatewayUrl, tenant, ledger });
  const accountId = tenant.accountIds[0] ?? "";

  log("(a) accept: publish vs baseline, alternating (publish workers not running)");
  const accept = await compareAccept({
    rounds: settings.acceptRounds,
    roundMs: settings.acceptRoundMs,
    concurrency: settings.acceptConcurrency,
    publish: publisher.sender("accept"),
    baseline: async (sequence) =>
      (await client.post(baselineUrl, benchPost({ accountId, text: `baseline #${sequence}` }))).status,
    log,
  });
  log(
    `  ratio ${accept.ratio} (publish ${accept.publish.perSecond}/s, baseline ${accept.baseline.perSecond}/s)`,
  );

  await bench.startWorkers();
  const drainStarted = Date.now();
  const backlog = ledger.acceptedTargetIds().length;
  const open = await ledger.waitUntilAllPublished(bench.sql, { timeoutMs: 600_000 });
  const drainSeconds = (Date.now() - drainStarted) / 1000;
  const drain = {
    posts: backlog - open,
    seconds: round1(drainSeconds),
    postsPerSecond: round1((backlog - open) / drainSeconds),
  };
  log(`  workers drained the ${backlog} accepted posts in ${drain.seconds} s (${drain.postsPerSecond}/s)`);

  log("(b) end to end: saturation, closed loop");
  const watcher = new PublicationWatcher(bench.sql);
  const saturation = await findSaturation({
    publisher,
    watcher,
    ledger,
    sql: bench.sql,
    startConcurrency: 16,
    maxConcurrency: 1024,
    levelMs: settings.saturationLevelMs,
    warmupMs: 3_000,
    log,
  });
  watcher.stop();
  log(`  saturation ${saturation.postsPerSecond} posts/s at concurrency ${saturation.concurrency}`);

  log(`(b) end to end: half of it, paced open loop at ${round1(saturation.postsPerSecond / 2)}/s`);
  const paced = await runPaced({
    publisher,
    ledger,
    sql: bench.sql,
    phase: "paced",
    ratePerSecond: saturation.postsPerSecond / 2,
    durationMs: settings.pacedMs,
    settleTimeoutMs: 120_000,
  });
  log(
    `  accept p50 ${paced.acceptMs.p50} ms p99 ${paced.acceptMs.p99} ms; e2e p50 ${paced.endToEndMs.p50} ms p99 ${paced.endToEndMs.p99} ms; non-2xx ${paced.non2xx}`,
  );

  await ledger.waitUntilAllPublished(bench.sql, { timeoutMs: 120_000 });
  const exactlyOnce = await ledger.verifyExactlyOnce(
    bench.sql,
    await simControl(bench.system.simUrl).postTexts(),
  );
  log(
    `  exactly once: ${exactlyOnce.exactlyOnce} (${exactlyOnce.accepted} accepted, ${exactlyOnce.onPlatform} on the platform)`,
  );
  client.close();
  return { accept, drain, saturation, paced, exactlyOnce };
}

await main();
