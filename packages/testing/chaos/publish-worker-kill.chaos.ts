import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChaosSystem, startChaosSystem } from "./support/chaos-system";
import { connectLoadDestinations, type Destination } from "./support/connect-accounts";
import { sleep } from "./support/http";
import { createLoad } from "./support/load-generator";
import { progress } from "./support/progress";
import { type ReplicaPool, startReplicaPool } from "./support/replica-pool";
import { expectCleanEndState, publishedOrUnconfirmed } from "./support/scenario";

// Scenario 1: publish workers SIGKILLed at random moments, 20 times, under steady load. The API role runs in
// startSystem's publish-service; publishing happens only in two worker processes (src/worker.ts), one of which
// is killed every few hundred milliseconds and started again. Every platform call is slowed by 40 ms so a kill
// usually lands in the middle of a publish.
const label = "workerkill";
let chaos: ChaosSystem;
let destinations: Destination[];
let workers: ReplicaPool;

beforeAll(async () => {
  chaos = await startChaosSystem({ envFor: { "publish-service": { PUBLISH_ROLE: "api" } } });
  progress("system started");
  destinations = await connectLoadDestinations(chaos);
  await chaos.sim("PUT", "/_sim/settings", { latencyMs: 40 });
  workers = await startReplicaPool({
    size: 2,
    spawn: () =>
      chaos.spawnExtra({
        app: "publish-service",
        entry: "src/worker.ts",
        env: { PUBLISH_CONCURRENCY: "10" },
      }),
  });
  progress("workers started");
}, 300_000);

afterAll(async () => {
  await workers?.stop();
  await chaos?.close();
});

describe("publish workers killed under load", () => {
  it("SIGKILL 20 times: every accepted post is published exactly once, or unconfirmed with evidence", async () => {
    // 5 posts a second: a load the two workers drain between kills on two busy cores
    const load = createLoad({ chaos, destinations, label, intervalMs: 200 });
    load.start();
    await sleep(2_000);
    while (workers.kills < 20) {
      await workers.waitForRunning(1);
      await sleep(200 + Math.random() * 600);
      await workers.killOneAndReplace();
      progress(`kill ${workers.kills}`, { sent: load.sent.length, statuses: load.statusCounts() });
    }
    await load.stop();
    await workers.waitForRunning(2);
    progress("load stopped", { sent: load.sent.length, statuses: load.statusCounts() });

    const end = await expectCleanEndState(chaos, {
      label,
      loads: [load],
      destinations,
      allowed: publishedOrUnconfirmed,
      quiescenceTimeoutMs: 300_000,
    });
    expect(load.refused(), "the API role stayed up: nothing was refused").toEqual([]);
    expect(end.accepted).toBeGreaterThan(50);
    const [lost] = await chaos.sql<{ count: number }[]>`
      select count(*)::int as count from publish.attempts where outcome = 'lost'`;
    progress("attempts lost with their worker, then recovered", lost);
    expect(lost?.count, "kills interrupted attempts that were then recovered").toBeGreaterThan(0);
    expect(workers.kills).toBe(20);
  }, 900_000);
});
