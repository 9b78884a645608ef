import type postgres from "postgres";
import { runClosedLoop, runOpenLoop } from "../support/load-loops";
import { type LatencySummary, non2xx, round1, type StatusCounts, summarizeLatencies } from "../support/stats";
import type { PostLedger } from "../system/post-ledger";
import type { PublicationWatcher } from "../system/publication-watcher";
import type { Publisher } from "../system/publisher";

export interface SaturationLevel {
  concurrency: number;
  /** posts per second from accept to `published` in Postgres */
  postsPerSecond: number;
  /** per post: the request's send → `published_at` */
  endToEndMs: LatencySummary;
  non2xx: number;
}

export interface Saturation {
  levelMs: number;
  levels: SaturationLevel[];
  /** the best level */
  postsPerSecond: number;
  concurrency: number;
}

/**
 * Saturation, closed loop end to end: `concurrency` virtual users each publish a post and wait until Postgres
 * says it is `published` before sending the next. The concurrency doubles while throughput still grows by 5 %
 * or more; the best level is the saturation rate. Each level starts with a discarded warm-up.
 */
export async function findSaturation(options: {
  publisher: Publisher;
  watcher: PublicationWatcher;
  ledger: PostLedger;
  sql: postgres.Sql;
  startConcurrency: number;
  maxConcurrency: number;
  levelMs: number;
  warmupMs: number;
  log: (line: string) => void;
}): Promise<Saturation> {
  const levels: SaturationLevel[] = [];
  const loop = (phase: string, concurrency: number, durationMs: number) =>
    runClosedLoop({
      concurrency,
      durationMs,
      send: async () => {
        const entry = await options.publisher.publishOne(phase, Date.now());
        if (entry.targetId) await options.watcher.published(entry.targetId);
        return entry.status;
      },
    });
  for (let concurrency = options.startConcurrency; concurrency <= options.maxConcurrency; concurrency *= 2) {
    await loop(`warmup-c${concurrency}`, concurrency, options.warmupMs);
    const phase = `saturation-c${concurrency}`;
    const result = await loop(phase, concurrency, options.levelMs);
    const level: SaturationLevel = {
      concurrency,
      postsPerSecond: round1(result.okPerSecond),
      endToEndMs: summarizeLatencies(await endToEndLatencies(options, phase)),
      non2xx: non2xx(result.statuses),
    };
    levels.push(level);
    options.log(
      `  concurrency ${concurrency}: ${level.postsPerSecond} posts/s, e2e p50 ${level.endToEndMs.p50} ms, p99 ${level.endToEndMs.p99} ms, non-2xx ${level.non2xx}`,
    );
    const best = Math.max(...levels.slice(0, -1).map((l) => l.postsPerSecond), 0);
    if (levels.length > 1 && level.postsPerSecond < best * 1.05) break;
  }
  const best = levels.reduce((a, b) => (b.postsPerSecond > a.postsPerSecond ? b : a));
  return {
    levelMs: options.levelMs,
    levels,
    postsPerSecond: best.postsPerSecond,
    concurrency: best.concurrency,
  };
}

export interface PacedRun {
  ratePerSecond: number;
  durationMs: number;
  sent: number;
  statuses: StatusCounts;
  non2xx: number;
  /** accept: the scheduled send → the 202 */
  acceptMs: LatencySummary;
  /** end to end: the scheduled send → `published_at` in Postgres */
  endToEndMs: LatencySummary;
  /** accepted posts not published when the phase ended and its stragglers were waited for */
  unpublished: number;
}

/** An evenly paced open loop at `ratePerSecond`; latencies count from each request's scheduled send time. */
export async function runPaced(options: {
  publisher: Publisher;
  ledger: PostLedger;
  sql: postgres.Sql;
  phase: string;
  ratePerSecond: number;
  durationMs: number;
  settleTimeoutMs: number;
}): Promise<PacedRun> {
  const result = await runOpenLoop({
    ratePerSecond: options.ratePerSecond,
    durationMs: options.durationMs,
    send: options.publisher.sender(options.phase),
  });
  const unpublished = await waitPhasePublished(options, options.phase, options.settleTimeoutMs);
  return {
    ratePerSecond: round1(options.ratePerSecond),
    durationMs: options.durationMs,
    sent: result.sent,
    statuses: result.statuses,
    non2xx: non2xx(result.statuses),
    acceptMs: summarizeLatencies(result.latenciesMs),
    endToEndMs: summarizeLatencies(await endToEndLatencies(options, options.phase)),
    unpublished,
  };
}

async function endToEndLatencies(
  options: { ledger: PostLedger; sql: postgres.Sql },
  phase: string,
): Promise<number[]> {
  const publishedAt = await options.ledger.publishedAt(options.sql, phase);
  return options.ledger.accepted(phase).flatMap((entry) => {
    const at = publishedAt.get(entry.targetId ?? "");
    return at === undefined ? [] : [Math.max(0, at - entry.scheduledAt)];
  });
}

async function waitPhasePublished(
  options: { ledger: PostLedger; sql: postgres.Sql },
  phase: string,
  timeoutMs: number,
): Promise<number> {
  const ids = options.ledger.acceptedTargetIds(phase);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await options.sql<Array<{ open: number }>>`
      select count(*)::int as open from publish.targets where id = any(${ids}) and status <> 'published'`;
    if ((row?.open ?? 0) === 0 || Date.now() > deadline) return row?.open ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
