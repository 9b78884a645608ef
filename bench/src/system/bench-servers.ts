import { sharedServers, startPrivateNats, startPrivatePostgres, startPrivateRedis } from "@postd/testing";

export interface BenchServers {
  kind: "private" | "shared";
  /** a superuser URL of the Postgres server (databases are created on it) */
  postgresAdminUrl: string;
  redisUrl: string;
  natsUrl: string;
  /** the private servers' processes (none when shared), for CPU and memory samples */
  processes(): Array<{ name: string; pid: number }>;
  dispose(): Promise<void>;
}

/**
 * Postgres, Redis and NATS for one benchmark run. By default private instances on free ports: a benchmark loads
 * its servers hard, which must neither slow the shared ones down for everybody else nor be slowed by them (nor
 * run the shared Postgres out of connections). They are configured like the shared ones — Postgres with fsync
 * and synchronous commit on and 128 MB of shared buffers, Redis in memory only, NATS with JetStream on disk —
 * with room for more connections. `BENCH_SERVERS=shared` uses the shared servers instead.
 */
export async function startBenchServers(
  kind: "private" | "shared",
  options: { postgresSettings?: Record<string, string> } = {},
): Promise<BenchServers> {
  if (kind === "shared") {
    return {
      kind,
      postgresAdminUrl: sharedServers.postgresAdminUrl(),
      redisUrl: sharedServers.redisUrl(),
      natsUrl: sharedServers.natsUrl(),
      processes: () => [],
      dispose: async () => undefined,
    };
  }
  const [postgres, redis, nats] = await Promise.all([
    startPrivatePostgres({
      settings: {
        fsync: "on",
        synchronous_commit: "on",
        shared_buffers: "128MB",
        max_connections: "300",
        ...options.postgresSettings,
      },
    }),
    startPrivateRedis(),
    startPrivateNats({ jetstream: true }),
  ]);
  return {
    kind,
    postgresAdminUrl: postgres.url,
    redisUrl: redis.url,
    natsUrl: nats.url,
    processes: () =>
      [
        { name: "postgres", pid: postgres.pid },
        { name: "redis", pid: redis.pid },
        { name: "nats", pid: nats.pid },
      ].flatMap(({ name, pid }) => (pid === undefined ? [] : [{ name, pid }])),
    async dispose() {
      await Promise.all([postgres.dispose(), redis.dispose(), nats.dispose()]);
    },
  };
}
