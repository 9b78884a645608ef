import type { SpawnedService } from "../../src/index";

/** Replicas of one app as separate processes that a scenario kills at random and starts again. */
export interface ReplicaPool {
  /** replicas that are up (started and not killed) */
  running(): SpawnedService[];
  /** SIGKILLs one running replica at random and starts its replacement in the background */
  killOneAndReplace(): Promise<void>;
  /** waits until `count` replicas are up */
  waitForRunning(count: number): Promise<void>;
  /** how many replicas were SIGKILLed */
  readonly kills: number;
  /** the output of every replica started so far, killed ones included */
  outputs(): string[];
  stop(): Promise<void>;
}

export async function startReplicaPool(input: {
  size: number;
  spawn: () => Promise<SpawnedService>;
}): Promise<ReplicaPool> {
  const up = new Set<SpawnedService>();
  const all: SpawnedService[] = [];
  const starting = new Set<Promise<void>>();
  const failures: unknown[] = [];
  let kills = 0;
  let stopped = false;

  const startOne = () => {
    const launching = input.spawn().then(
      (replica) => {
        all.push(replica);
        if (stopped) replica.kill();
        else up.add(replica);
      },
      (error: unknown) => {
        failures.push(error);
      },
    );
    starting.add(launching);
    void launching.finally(() => starting.delete(launching));
    return launching;
  };

  await Promise.all(Array.from({ length: input.size }, startOne));
  return {
    running: () => [...up],
    outputs: () => all.map((replica) => replica.output()),
    get kills() {
      return kills;
    },
    async killOneAndReplace() {
      const replicas = [...up];
      const victim = replicas[Math.floor(Math.random() * replicas.length)];
      if (!victim) return;
      up.delete(victim);
      victim.kill("SIGKILL");
      kills += 1;
      await victim.waitForExit();
      void startOne();
    },
    async waitForRunning(count) {
      while (up.size < count) {
        if (failures.length > 0) throw new Error("a replica failed to start", { cause: failures[0] });
        if (starting.size === 0) void startOne();
        await Promise.race([...starting]);
      }
    },
    async stop() {
      stopped = true;
      await Promise.allSettled([...starting]);
      for (const replica of up) {
        replica.kill();
        await replica.waitForExit();
      }
      up.clear();
    },
  };
}
