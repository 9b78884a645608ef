import { fileURLToPath } from "node:url";
import { freePort } from "../../src/free-port";
import { type SpawnedService, spawnService } from "../../src/process/spawn-service";
import { type RunningSystem, type StartSystemOptions, startSystem } from "../../src/system/start-system";
import { type SystemService, systemServices } from "../../src/system/system-env";

const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** One running process of a service: where it answers and what it printed. */
export interface Replica {
  readonly service: SystemService;
  readonly index: number;
  readonly internalUrl: string;
  /** the gateway's public URL (gateway replicas only) */
  readonly publicUrl?: string;
  output(): string;
}

export interface ReplicatedSystem {
  /** the first copy: startSystem's, with platform-sim, the database, the Redis prefix and NATS namespace */
  readonly system: RunningSystem;
  readonly replicas: ReadonlyMap<SystemService, readonly Replica[]>;
  /** every gateway replica's public URL */
  readonly gatewayUrls: readonly string[];
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1_000) })
    .then((response) => response.ok)
    .catch(() => false);
}

/** One more process of `service` on the system's database, Redis prefix and NATS namespace. */
async function spawnReplica(input: {
  service: SystemService;
  env: Record<string, string>;
}): Promise<{ spawned: SpawnedService; internalUrl: string; publicUrl?: string }> {
  const internalPort = await freePort();
  const publicPort = input.service === "gateway" ? await freePort() : undefined;
  const internalUrl = `http://127.0.0.1:${internalPort}`;
  const publicUrl = publicPort ? `http://127.0.0.1:${publicPort}` : undefined;
  const spawned = await spawnService({
    command: process.execPath,
    args: ["--import", "tsx", "src/main.ts"],
    cwd: `${repoRoot}apps/${input.service}`,
    env: {
      ...input.env,
      INTERNAL_PORT: String(internalPort),
      ...(publicPort ? { GATEWAY_PORT: String(publicPort) } : {}),
    },
    readyWhen: async () =>
      (await answers(`${internalUrl}/readyz`)) &&
      (!publicUrl || (await answers(`${publicUrl}/api/health/live`))),
    readyTimeoutMs: 90_000,
  });
  return { spawned, internalUrl, ...(publicUrl ? { publicUrl } : {}) };
}

/**
 * `startSystem` plus `count - 1` more processes of every service, sharing its database, Redis prefix and NATS
 * namespace (and its secrets): the replicas of one deployment. platform-sim runs once.
 */
export async function startReplicatedSystem(
  options: StartSystemOptions & { count: number },
): Promise<ReplicatedSystem> {
  const system = await startSystem(options);
  const replicas = new Map<SystemService, Replica[]>();
  const extra: SpawnedService[] = [];
  for (const service of systemServices) {
    const first = {
      service,
      index: 0,
      internalUrl: system.internalUrlOf(service),
      output: () => system.output(service),
    };
    const list: Replica[] = [service === "gateway" ? { ...first, publicUrl: system.gatewayUrl } : first];
    for (let index = 1; index < options.count; index++) {
      const env = { ...system.env, ...options.envFor?.[service] };
      const { spawned, internalUrl, publicUrl } = await spawnReplica({ service, env });
      extra.push(spawned);
      list.push({
        service,
        index,
        internalUrl,
        ...(publicUrl ? { publicUrl } : {}),
        output: () => spawned.output(),
      });
    }
    replicas.set(service, list);
  }
  return {
    system,
    replicas,
    gatewayUrls: (replicas.get("gateway") ?? []).flatMap((replica) =>
      replica.publicUrl ? [replica.publicUrl] : [],
    ),
    async stop() {
      for (const spawned of extra.reverse()) await spawned.stop();
      await system.stop();
    },
  };
}
