import { runClosedLoop, type SendRequest } from "../support/load-loops";
import {
  type LatencySummary,
  median,
  non2xx,
  round1,
  round3,
  type StatusCounts,
  summarizeLatencies,
} from "../support/stats";

export interface ContenderFigures {
  /** median over rounds of 2xx answers per second */
  perSecond: number;
  /** every answer of every measured round */
  latencyMs: LatencySummary;
  statuses: StatusCounts;
  non2xx: number;
}

export interface AcceptComparison {
  rounds: number;
  roundMs: number;
  concurrency: number;
  publish: ContenderFigures;
  baseline: ContenderFigures;
  /** median over rounds of publish ÷ baseline throughput measured back to back */
  ratio: number;
  ratioMin: number;
  ratioMax: number;
  /** publish p50 and p99 ÷ baseline's, over all rounds */
  latencyRatioP50: number;
  latencyRatioP99: number;
}

type Contender = "publish" | "baseline";

/**
 * Accept throughput: `POST /api/publish` against the baseline route, one closed loop each per round with the
 * same client and concurrency, back to back and in alternating order, so whatever else loads the machine hits
 * both alike. A first round of each warms up and is not counted.
 */
export async function compareAccept(options: {
  rounds: number;
  roundMs: number;
  concurrency: number;
  publish: SendRequest;
  baseline: SendRequest;
  log: (line: string) => void;
}): Promise<AcceptComparison> {
  const send: Record<Contender, SendRequest> = { publish: options.publish, baseline: options.baseline };
  const run = (name: Contender) =>
    runClosedLoop({ concurrency: options.concurrency, durationMs: options.roundMs, send: send[name] });
  await run("baseline");
  await run("publish");
  const rates: Record<Contender, number[]> = { publish: [], baseline: [] };
  const latencies: Record<Contender, number[]> = { publish: [], baseline: [] };
  const statuses: Record<Contender, StatusCounts> = { publish: {}, baseline: {} };
  const ratios: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    const order: Contender[] = round % 2 === 0 ? ["baseline", "publish"] : ["publish", "baseline"];
    const measured: Record<Contender, number> = { publish: 0, baseline: 0 };
    for (const name of order) {
      const result = await run(name);
      measured[name] = result.okPerSecond;
      rates[name].push(result.okPerSecond);
      latencies[name].push(...result.latenciesMs);
      for (const [status, count] of Object.entries(result.statuses))
        statuses[name][status] = (statuses[name][status] ?? 0) + count;
    }
    ratios.push(measured.publish / measured.baseline);
    options.log(
      `  round ${round + 1}/${options.rounds}: publish ${round1(measured.publish)}/s, baseline ${round1(measured.baseline)}/s, ratio ${round3(measured.publish / measured.baseline)}`,
    );
  }
  const figures = (name: Contender): ContenderFigures => ({
    perSecond: round1(median(rates[name])),
    latencyMs: summarizeLatencies(latencies[name]),
    statuses: statuses[name],
    non2xx: non2xx(statuses[name]),
  });
  const publish = figures("publish");
  const baseline = figures("baseline");
  return {
    rounds: options.rounds,
    roundMs: options.roundMs,
    concurrency: options.concurrency,
    publish,
    baseline,
    ratio: round3(median(ratios)),
    ratioMin: round3(Math.min(...ratios)),
    ratioMax: round3(Math.max(...ratios)),
    latencyRatioP50: round3(publish.latencyMs.p50 / baseline.latencyMs.p50),
    latencyRatioP99: round3(publish.latencyMs.p99 / baseline.latencyMs.p99),
  };
}
