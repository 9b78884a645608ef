import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { isProcessAlive } from "../src/index";
import { type ChaosSystem, startChaosSystem } from "./support/chaos-system";
import { connectLoadDestinations, type Destination } from "./support/connect-accounts";
import { sleep } from "./support/http";
import { createLoad } from "./support/load-generator";
import { progress } from "./support/progress";
import {
  expectCleanEndState,
  expectHonest503s,
  publishedOrUnconfirmed,
  realRetrySchedule,
  refusedAnswers,
} from "./support/scenario";
import {
  accountEvents,
  registerEndpoint,
  startWebhookReceiver,
  type WebhookReceiver,
} from "./support/webhook-receiver";

// Scenario 3: NATS (RPC between services and the event streams) stopped for 30 s under steady load. A real
// outage is not shortened by TIME_SCALE, so it really lasts 30 s; publish retries run on the production schedule
// (1/3/9/27 s) so a target that meets the outage rides it out as it would in production.
const label = "natsdown";
const outageMs = 30_000;
const timeScale = 0.01;
let chaos: ChaosSystem;
let destinations: Destination[];
let receiver: WebhookReceiver;
let endpointId: string;

beforeAll(async () => {
  chaos = await startChaosSystem({ timeScale, env: realRetrySchedule(timeScale) });
  destinations = await connectLoadDestinations(chaos);
  receiver = await startWebhookReceiver();
  endpointId = await registerEndpoint(chaos, receiver);
  await chaos.sim("PUT", "/_sim/settings", { latencyMs: 20 });
  progress("system started");
}, 300_000);

afterAll(async () => {
  await chaos?.close();
  await receiver?.close();
});

describe("NATS stopped for 30 s under load", () => {
  it("callers get quick 503s meanwhile, no event is lost, and everything recovers", async () => {
    const before = createLoad({ chaos, destinations, label, intervalMs: 100 });
    before.start();
    await sleep(8_000);
    await before.stop();
    const during = createLoad({ chaos, destinations, label: `${label}-during`, intervalMs: 100 });
    during.start();
    await chaos.servers.nats.stop();
    const stoppedAt = Date.now();
    progress("NATS stopped", { accepted: before.accepted().length });
    const health = await chaos.api("GET", "/api/health", { timeoutMs: 20_000 });
    await sleep(outageMs - (Date.now() - stoppedAt));
    await chaos.servers.nats.start();
    await during.stop();
    progress("NATS started", { during: during.statusCounts(), health: health.status });

    const after = createLoad({ chaos, destinations, label: `${label}-after`, intervalMs: 100 });
    await vi.waitFor(async () => expect((await chaos.api("GET", "/api/connections")).status).toBe(200), {
      timeout: 30_000,
      interval: 250,
    });
    const recoveredAt = Date.now();
    after.start();
    await sleep(8_000);
    await after.stop();
    progress("load stopped", {
      recoveredInMs: recoveredAt - stoppedAt - outageMs,
      after: after.statusCounts(),
    });

    // during the outage: the gateway answers every request, with an honest 503
    expect(health.status).toBe(503);
    expectHonest503s(refusedAnswers([during]), { maxMs: 10_000 });
    expect(refusedAnswers([during]).length, "requests were refused during the outage").toBeGreaterThan(10);
    // after it: every request is accepted and published
    expect(after.refused()).toEqual([]);
    for (const service of chaos.system.processes.values()) expect(isProcessAlive(service.pid)).toBe(true);

    const loads = [before, during, after];
    for (const load of loads) {
      await expectCleanEndState(chaos, {
        label: load === before ? label : load === during ? `${label}-during` : `${label}-after`,
        loads: [load],
        destinations,
        allowed: publishedOrUnconfirmed,
      });
    }
    // no event lost: every outcome event of the outbox went to JetStream, was consumed by webhook-service and
    // delivered to the tenant's endpoint
    const events = await vi.waitFor(
      async () => {
        const accounting = await accountEvents(chaos, { endpointId, receiver });
        expect(accounting).toMatchObject({ unsent: 0, notConsumed: [], notReceived: [] });
        return accounting;
      },
      { timeout: 60_000, interval: 500 },
    );
    progress("events", events);
    expect(events.written).toBeGreaterThan(100);
  }, 600_000);
});
