import { fileURLToPath } from "node:url";
import { freePort, type RunningSystem, type SpawnedService, spawnService, startSystem } from "@postd/testing";
import postgres from "postgres";
import type { BenchServers } from "./bench-servers";

const publishServiceDir = fileURLToPath(new URL("../../../apps/publish-service", import.meta.url));

export interface BenchSystemOptions {
  servers: BenchServers;
  /** worker processes (`apps/publish-service/src/worker.ts`); publish-service itself runs the api role only */
  publishWorkers: number;
  /** PUBLISH_CONCURRENCY of each worker process */
  publishConcurrency: number;
  /** RATE_LIMIT_PER_MINUTE of the gateway (per tenant) */
  rateLimitPerMinute: number;
  /** PUBLISH_QUEUE_MAX_WAITING: accept answers 503 above this many waiting jobs */
  queueMaxWaiting: number;
  /** LOG_LEVEL of every service */
  logLevel: string;
  /** extra environment for every service */
  env?: Record<string, string>;
}

export interface ServiceProcess {
  name: string;
  pid: number;
}

export interface BenchSystem {
  system: RunningSystem;
  /** a connection to the system's database, to read outcomes from the record (schema `publish`) */
  sql: postgres.Sql;
  startWorkers(): Promise<void>;
  stopWorkers(): Promise<void>;
  /** every running service process (platform-sim included), for memory samples */
  processes(): ServiceProcess[];
  /** the recent output of a process named as in `processes()` */
  output(name: string): string;
  stop(): Promise<void>;
}

/**
 * The whole system as real processes, set up for throughput the way an operator would: production NODE_ENV and
 * real time (TIME_SCALE 1), publish-service answering the API only, and `publishWorkers` worker processes started
 * when asked, so the accept path can be measured alone and publishing then measured with every worker.
 */
export async function startBenchSystem(options: BenchSystemOptions): Promise<BenchSystem> {
  const system = await startSystem({
    timeScale: 1,
    env: {
      NODE_ENV: "production",
      LOG_LEVEL: options.logLevel,
      RATE_LIMIT_PER_MINUTE: String(options.rateLimitPerMinute),
      PUBLISH_QUEUE_MAX_WAITING: String(options.queueMaxWaiting),
      PUBLISH_CONCURRENCY: String(options.publishConcurrency),
      // no load shedding unless a scenario asks for it: the closed loops measure capacity at any concurrency
      PUBLISH_MAX_IN_FLIGHT: "100000",
      ...options.env,
    },
    envFor: { "publish-service": { PUBLISH_ROLE: "api" } },
    databaseAdminUrl: options.servers.postgresAdminUrl,
    redisUrl: options.servers.redisUrl,
    natsUrl: options.servers.natsUrl,
  });
  const sql = postgres(system.env.DATABASE_URL ?? "", { max: 2, onnotice: () => {} });
  const workers: SpawnedService[] = [];
  const startWorker = async () => {
    const port = await freePort();
    return spawnService({
      command: process.execPath,
      args: ["--import", "tsx", "src/worker.ts"],
      cwd: publishServiceDir,
      env: { ...system.env, INTERNAL_PORT: String(port) },
      readyWhen: () => answers(`http://127.0.0.1:${port}/readyz`),
      readyTimeoutMs: 60_000,
    });
  };
  return {
    system,
    sql,
    async startWorkers() {
      const started = await Promise.all(Array.from({ length: options.publishWorkers }, startWorker));
      workers.push(...started);
    },
    async stopWorkers() {
      await Promise.all(workers.map((worker) => worker.stop()));
      workers.length = 0;
    },
    processes: () => [
      ...[...system.processes].map(([name, spawned]) => ({ name, pid: spawned.pid })),
      ...workers.map((worker, index) => ({ name: `publish-worker-${index + 1}`, pid: worker.pid })),
    ],
    output: (name) => {
      const worker = /^publish-worker-(\d+)$/.exec(name);
      if (worker) return workers[Number(worker[1]) - 1]?.output() ?? "";
      return system.output(name as Parameters<RunningSystem["output"]>[0]);
    },
    async stop() {
      await Promise.all(workers.map((worker) => worker.stop()));
      await sql.end({ timeout: 5 });
      await system.stop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}
