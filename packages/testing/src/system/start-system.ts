import { fileURLToPath } from "node:url";
import { freePort } from "../free-port";
import { createNatsNamespace } from "../nats-namespace";
import { type SpawnedService, spawnService } from "../process/spawn-service";
import { createRedisNamespace } from "../redis-namespace";
import { sharedServers } from "../shared-servers";
import { createTestDatabase } from "../test-database";
import { type SystemService, systemEnv, systemServices } from "./system-env";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export interface StartSystemOptions {
  /** which services run (default all six; platform-sim always runs) */
  services?: readonly SystemService[];
  /** multiplies every delay of every service (default 0.01) */
  timeScale?: number;
  /** extra or replacing environment for every service, or per service */
  env?: Record<string, string>;
  envFor?: Partial<Record<SystemService, Record<string, string>>>;
  /** extra environment for platform-sim (e.g. `SIM_<PLATFORM>_CLIENT_SECRET`) */
  simEnv?: Record<string, string>;
  /** point the system at other servers (e.g. a private Redis that a chaos test stops) */
  redisUrl?: string;
  natsUrl?: string;
  databaseAdminUrl?: string;
}

export interface RunningSystem {
  gatewayUrl: string;
  simUrl: string;
  adminKey: string;
  /** the environment the services run with (test fixtures use it to reach the same database and prefixes) */
  env: Record<string, string>;
  processes: Map<SystemService | "platform-sim", SpawnedService>;
  internalUrlOf(service: SystemService): string;
  /** SIGKILLs a service (the whole process group), like a crashed container */
  kill(service: SystemService): Promise<void>;
  /** starts a killed or stopped service again with the same environment and ports, and waits until ready */
  start(service: SystemService): Promise<void>;
  /** the output of one service so far */
  output(service: SystemService | "platform-sim"): string;
  stop(): Promise<void>;
}

/**
 * The whole system as real processes for one test file: platform-sim and the six services (each `node --import
 * tsx src/main.ts`), sharing a fresh database, Redis prefix and NATS namespace, with fresh secrets. Resolves
 * when every service answers `/readyz`.
 */
export async function startSystem(options: StartSystemOptions = {}): Promise<RunningSystem> {
  const database = await createTestDatabase({
    prefix: "system",
    ...(options.databaseAdminUrl ? { adminUrl: options.databaseAdminUrl } : {}),
  });
  const redis = createRedisNamespace({ url: options.redisUrl ?? sharedServers.redisUrl() });
  const nats = createNatsNamespace({ url: options.natsUrl ?? sharedServers.natsUrl() });
  const simPort = await freePort();
  const gatewayPort = await freePort();
  const base = systemEnv({
    databaseUrl: database.url,
    redisUrl: redis.url,
    redisPrefix: redis.prefix,
    natsUrl: nats.url,
    natsPrefix: nats.ns.prefix,
    simUrl: `http://127.0.0.1:${simPort}`,
    gatewayPort,
    timeScale: options.timeScale ?? 0.01,
  });
  const env: Record<string, string> = { ...base, ...options.env };
  const internalPorts = new Map<SystemService, number>();
  for (const service of systemServices) internalPorts.set(service, await freePort());
  const processes = new Map<SystemService | "platform-sim", SpawnedService>();
  const internalUrlOf = (service: SystemService) => `http://127.0.0.1:${internalPorts.get(service)}`;

  const launch = async (service: SystemService) => {
    const spawned = await spawnService({
      command: process.execPath,
      args: ["--import", "tsx", "src/main.ts"],
      cwd: `${repoRoot}apps/${service}`,
      env: { ...env, ...options.envFor?.[service], INTERNAL_PORT: String(internalPorts.get(service)) },
      // the gateway opens its public port after its probes: wait for both
      readyWhen: async () =>
        (await answers(`${internalUrlOf(service)}/readyz`)) &&
        (service !== "gateway" || (await answers(`http://127.0.0.1:${gatewayPort}/api/health/live`))),
      readyTimeoutMs: 60_000,
    });
    processes.set(service, spawned);
  };

  processes.set(
    "platform-sim",
    await spawnService({
      command: process.execPath,
      args: ["--import", "tsx", "src/main.ts"],
      cwd: `${repoRoot}apps/platform-sim`,
      env: { ...options.simEnv, PLATFORM_SIM_PORT: String(simPort), PLATFORM_SIM_HOST: "127.0.0.1" },
      readyWhen: () => answers(`http://127.0.0.1:${simPort}/readyz`),
    }),
  );
  const wanted = options.services ?? systemServices;
  for (const service of systemServices) if (wanted.includes(service)) await launch(service);

  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    simUrl: env.PLATFORM_SIM_URL ?? base.PLATFORM_SIM_URL ?? "",
    adminKey: env.ADMIN_API_KEY ?? "",
    env,
    processes,
    internalUrlOf,
    async kill(service) {
      const running = processes.get(service);
      running?.kill("SIGKILL");
      await running?.waitForExit();
    },
    start: launch,
    output: (service) => processes.get(service)?.output() ?? "",
    async stop() {
      for (const service of [...systemServices].reverse()) await processes.get(service)?.stop();
      await processes.get("platform-sim")?.stop();
      await nats.cleanup();
      await redis.cleanup();
      await database.drop();
    },
  };
}

async function answers(url: string): Promise<boolean> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return response.ok;
  } catch {
    return false;
  }
}
