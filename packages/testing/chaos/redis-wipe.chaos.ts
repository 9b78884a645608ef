import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChaosSystem, startChaosSystem } from "./support/chaos-system";
import { connectLoadDestinations, type Destination } from "./support/connect-accounts";
import { sleep } from "./support/http";
import { createLoad } from "./support/load-generator";
import { progress } from "./support/progress";
import { expectCleanEndState, publishedOrUnconfirmed, realRetrySchedule } from "./support/scenario";

// Scenario 2: Redis — the queues, locks and pacing state — is wiped with FLUSHALL under steady load, and a
// little later stopped and started empty (its data is memory only). Postgres is the record: the reconcilers
// rebuild the queues from it, and nothing is published twice or lost. Publish retries run on the production
// schedule (1/3/9/27 s), so the seconds without Redis are ridden out as they would be in production.
const label = "rediswipe";
const timeScale = 0.01;
let chaos: ChaosSystem;
let destinations: Destination[];

beforeAll(async () => {
  chaos = await startChaosSystem({ timeScale, env: realRetrySchedule(timeScale) });
  destinations = await connectLoadDestinations(chaos);
  await chaos.sim("PUT", "/_sim/settings", { latencyMs: 20 });
  progress("system started");
}, 300_000);

afterAll(async () => {
  await chaos?.close();
});

async function flushAll(url: string): Promise<void> {
  const client = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    await client.flushall();
  } finally {
    client.disconnect();
  }
}

describe("Redis wiped and restarted empty under load", () => {
  it("every accepted post is still published exactly once: the queues are rebuilt from Postgres", async () => {
    const load = createLoad({ chaos, destinations, label, intervalMs: 100 });
    load.start();
    await sleep(8_000);
    const [{ count: beforeWipe } = { count: 0 }] = await chaos.sql<{ count: number }[]>`
      select count(*)::int as count from publish.targets where status in ('queued', 'publishing')`;
    await flushAll(chaos.servers.redis.url);
    progress("FLUSHALL", { sent: load.sent.length, inFlightTargets: beforeWipe });
    await sleep(8_000);
    await chaos.servers.redis.stop();
    progress("Redis stopped", { sent: load.sent.length, statuses: load.statusCounts() });
    await sleep(3_000);
    await chaos.servers.redis.start();
    progress("Redis started empty", { sent: load.sent.length, statuses: load.statusCounts() });
    await sleep(8_000);
    await load.stop();
    progress("load stopped", { sent: load.sent.length, statuses: load.statusCounts() });

    const accepted = await load.resendRefused();
    progress("refused requests sent again with their keys", { accepted, statuses: load.statusCounts() });
    expect(load.refused(), "after the restart every request is accepted with its own key").toEqual([]);

    const end = await expectCleanEndState(chaos, {
      label,
      loads: [load],
      destinations,
      allowed: publishedOrUnconfirmed,
    });
    expect(beforeWipe, "the wipe found work in flight").toBeGreaterThan(0);
    expect(end.accepted).toBeGreaterThan(100);
  }, 600_000);
});
