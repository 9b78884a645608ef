import type { LoadBenchResult, LoadSettings } from "../load.bench";
import { machineFacts, writeResults } from "../support/results-files";

export interface Verdict {
  criterion: string;
  figure: string;
  met: boolean;
}

/** How long a refusal may take at p99: a client told to come back must be told at once, not after a queue. */
const refusalP99LimitMs = 1_000;

/** The load scenario's criteria, each with the figure that decides it. */
export function judgeLoad(result: LoadBenchResult): Verdict[] {
  const { steady, overload, recovery, exactlyOnce } = result;
  const duplicates =
    exactlyOnce.duplicateAttempts + exactlyOnce.duplicatesOnPlatform + exactlyOnce.unexpectedOnPlatform;
  const waitingLimit = overload.queueMaxWaiting + Math.ceil(overload.ratePerSecond);
  return [
    {
      criterion:
        "steady: every request accepted (half the saturation rate is under the rate limit and bound)",
      figure: `${steady.non2xx} non-2xx of ${steady.sent}`,
      met: steady.non2xx === 0,
    },
    {
      criterion: "steady: no decay, last minute's published/s ≥ 0.9 × the first minute's",
      figure: `${steady.minutes[0]?.publishedPerSecond} → ${steady.minutes.at(-1)?.publishedPerSecond}/s, ratio ${steady.throughputRatio}`,
      met: steady.throughputRatio >= 0.9,
    },
    {
      criterion: "steady: flat memory, the services' RSS in the last minute ≤ 1.2 × the first minute's",
      figure: `${steady.memory.servicesFirstMiB} → ${steady.memory.servicesLastMiB} MiB, ×${steady.memory.servicesGrowth}`,
      met: steady.memory.servicesGrowth > 0 && steady.memory.servicesGrowth <= 1.2,
    },
    {
      criterion: "every accepted post settled, none lost, none twice (dead letters counted apart)",
      figure: `${exactlyOnce.accepted} accepted (${exactlyOnce.retriedTargets} retried, ${exactlyOnce.attempts} attempts), ${exactlyOnce.published} published, not published ${JSON.stringify(exactlyOnce.notPublished)}, ${result.unsettled} unsettled, ${exactlyOnce.lost} lost, ${duplicates} duplicates`,
      met:
        result.unsettled === 0 &&
        exactlyOnce.lost === 0 &&
        duplicates === 0 &&
        exactlyOnce.replayedAnswers === 0,
    },
    {
      criterion: `overload: the excess refused with 429/503, p99 of the refusals ≤ ${refusalP99LimitMs} ms, nothing else failing`,
      figure: `${overload.refused} refused of ${overload.sent} (${JSON.stringify(overload.statuses)}), p99 ${overload.refusalMs.p99} ms; the 202s' p99 ${overload.latencyMsByStatus["202"]?.p99 ?? "-"} ms`,
      met: overload.refused > 0 && overload.refusalMs.p99 <= refusalP99LimitMs && overload.failed === 0,
    },
    {
      criterion:
        "overload: the queue bounded, waiting ≤ the bound + one second of arrivals (the check races the insert)",
      figure: `max waiting ${overload.maxWaiting}, bound ${overload.queueMaxWaiting}, limit ${waitingLimit}`,
      met: overload.maxWaiting !== null && overload.maxWaiting <= waitingLimit,
    },
    {
      criterion: "recovery: at half the rate again, every request accepted and published",
      figure: `${recovery.paced.non2xx} non-2xx of ${recovery.paced.sent}, ${recovery.paced.unpublished} unpublished, e2e p99 ${recovery.paced.endToEndMs.p99} ms (steady ${steady.endToEndMs.p99} ms)`,
      met: recovery.paced.non2xx === 0 && recovery.paced.unpublished === 0,
    },
  ];
}

export function writeLoadResults(input: {
  settings: LoadSettings;
  result: LoadBenchResult;
  verdicts: Verdict[];
}): void {
  const report = { benchmark: "load", date: new Date().toISOString(), machine: machineFacts(), ...input };
  writeResults("load", report, loadMarkdown(report));
}

function loadMarkdown(report: {
  date: string;
  machine: ReturnType<typeof machineFacts>;
  result: LoadBenchResult;
  verdicts: Verdict[];
}): string {
  const { result, machine } = report;
  const { steady, overload, recovery } = result;
  const lines = [
    "# Load benchmark",
    "",
    `${report.date}, Node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB. Load average ${result.loadAverage.start.join(" / ")} at the start, ${result.loadAverage.end.join(" / ")} at the end: other work shared the cores.`,
    "",
    `1× = ${result.rate.postsPerSecond} posts/s (${result.rate.source}). Queue bound (PUBLISH_QUEUE_MAX_WAITING) ${result.limits.queueMaxWaiting}, rate limit ${result.limits.rateLimitPerMinute}/min.`,
    "",
    "| criterion | figure | met |",
    "| --- | --- | --- |",
    ...report.verdicts.map((v) => `| ${v.criterion} | ${v.figure} | ${v.met ? "yes" : "**no**"} |`),
    "",
    `## Steady: ${steady.ratePerSecond.toFixed(1)}/s for ${steady.durationMs / 1000} s, ${steady.faultRate * 100} % platform ${steady.faultStatus}s`,
    "",
    `Accept p50 ${steady.acceptMs.p50} ms, p99 ${steady.acceptMs.p99} ms; end to end p50 ${steady.endToEndMs.p50} ms, p99 ${steady.endToEndMs.p99} ms; ${steady.publishedAfterEnd} published after the phase ended; most jobs waiting ${steady.maxQueueWaiting}.`,
    "",
    "| minute | sent | accepted | published | published/s |",
    "| ---: | ---: | ---: | ---: | ---: |",
    ...steady.minutes.map(
      (m) => `| ${m.minute} | ${m.sent} | ${m.accepted} | ${m.published} | ${m.publishedPerSecond} |`,
    ),
    "",
    "| process | RSS first minute MiB | last minute MiB | max MiB | growth | CPU % of a core |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...steady.memory.processes.map(
      (p) => `| ${p.name} | ${p.firstMiB} | ${p.lastMiB} | ${p.maxMiB} | ${p.growth} | ${p.cpuPercent} |`,
    ),
    "",
    `## Overload: ${overload.ratePerSecond}/s for ${overload.durationMs / 1000} s`,
    "",
    "| status | answers | p50 ms | p99 ms | max ms |",
    "| --- | ---: | ---: | ---: | ---: |",
    ...Object.entries(overload.latencyMsByStatus).map(
      ([status, l]) => `| ${status} | ${l.count} | ${l.p50} | ${l.p99} | ${l.max} |`,
    ),
    "",
    `Started with a rate-limit window (after ${(overload.waitedForRateWindowMs / 1000).toFixed(1)} s). Most jobs waiting ${overload.maxWaiting} (bound ${overload.queueMaxWaiting}); the queue drained ${overload.drainSeconds} s after the overload.`,
    "",
    `## Recovery: ${recovery.paced.ratePerSecond}/s for ${recovery.paced.durationMs / 1000} s`,
    "",
    `Started ${(recovery.waitedForRateWindowMs / 1000).toFixed(1)} s after the drain (the rate-limit window of the last 429 ending). ${JSON.stringify(recovery.paced.statuses)}; accept p99 ${recovery.paced.acceptMs.p99} ms, end to end p50 ${recovery.paced.endToEndMs.p50} ms, p99 ${recovery.paced.endToEndMs.p99} ms; ${recovery.paced.unpublished} unpublished.`,
    "",
    "## Exactly once",
    "",
    "```json",
    JSON.stringify(result.exactlyOnce, null, 2),
    "```",
    "",
  ];
  return `${lines.join("\n")}\n`;
}
