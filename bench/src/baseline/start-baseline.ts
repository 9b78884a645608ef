import { fileURLToPath } from "node:url";
import {
  createRedisNamespace,
  createTestDatabase,
  freePort,
  type SpawnedService,
  spawnService,
} from "@postd/testing";

const benchDir = fileURLToPath(new URL("../..", import.meta.url));

export interface RunningBaseline {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the baseline server as its own process, on a database and Redis prefix of its own on the bench's servers. */
export async function startBaseline(servers: {
  postgresAdminUrl: string;
  redisUrl: string;
}): Promise<RunningBaseline> {
  const database = await createTestDatabase({ prefix: "bench_baseline", adminUrl: servers.postgresAdminUrl });
  const redis = createRedisNamespace({ url: servers.redisUrl });
  const port = await freePort();
  let server: SpawnedService;
  try {
    server = await spawnService({
      command: process.execPath,
      args: ["--import", "tsx", "src/baseline/baseline-server.ts"],
      cwd: benchDir,
      env: {
        BASELINE_PORT: String(port),
        DATABASE_URL: database.url,
        REDIS_URL: redis.url,
        REDIS_KEY: `${redis.prefix}:baseline`,
      },
      readyWhen: async () => {
        try {
          return (await fetch(`http://127.0.0.1:${port}/readyz`)).ok;
        } catch {
          return false;
        }
      },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/baseline`,
    pid: server.pid,
    async stop() {
      await server.stop();
      await Promise.all([database.drop(), redis.cleanup()]);
    },
  };
}
