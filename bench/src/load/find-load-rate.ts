import { findSaturation, type Saturation } from "../publish/end-to-end";
import type { BenchServers } from "../system/bench-servers";
import { PublicationWatcher } from "../system/publication-watcher";
import { openLoadSystem } from "./open-load-system";

export interface LoadRate {
  /** where the rate comes from: BENCH_LOAD_RATE, or a quick saturation search */
  source: "BENCH_LOAD_RATE" | "saturation";
  /** posts per second from accept to `published` the system sustains: the scenario's 1× */
  postsPerSecond: number;
  saturation: Saturation | null;
}

/**
 * The saturation rate, quickly: the publish scenario's closed-loop search with short levels, on a system of its
 * own without rate limit or queue bound (the measured system needs both set from this very rate, and starts clean
 * afterwards). `BENCH_LOAD_RATE` skips the search.
 */
export async function findLoadRate(options: {
  servers: BenchServers;
  givenRate: number | undefined;
  publishWorkers: number;
  publishConcurrency: number;
  simLatencyMs: number;
  logLevel: string;
  levelMs: number;
  log: (line: string) => void;
}): Promise<LoadRate> {
  if (options.givenRate !== undefined)
    return { source: "BENCH_LOAD_RATE", postsPerSecond: options.givenRate, saturation: null };
  options.log("saturation, quickly: closed loop on a system of its own");
  const system = await openLoadSystem({
    ...options,
    rateLimitPerMinute: 1_000_000,
    queueMaxWaiting: 1_000_000,
  });
  const watcher = new PublicationWatcher(system.bench.sql);
  try {
    const saturation = await findSaturation({
      publisher: system.publisher,
      watcher,
      ledger: system.ledger,
      sql: system.bench.sql,
      startConcurrency: 16,
      maxConcurrency: 512,
      levelMs: options.levelMs,
      warmupMs: 2_000,
      log: options.log,
    });
    return { source: "saturation", postsPerSecond: saturation.postsPerSecond, saturation };
  } finally {
    watcher.stop();
    await system.close();
  }
}
