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
  withServiceOutputOnFailure,
} from "./support/scenario";

// Scenario 4: Postgres — the record of everything — stopped for 10 s under steady load (a fast shutdown: open
// transactions roll back), then started again. Publish retries run on the production schedule.
const label = "pgdown";
const outageMs = 10_000;
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

describe("Postgres stopped for 10 s under load", () => {
  it(
    "requests answer 503 meanwhile, nothing is half-written, and everything recovers",
    () =>
      withServiceOutputOnFailure(chaos, async () => {
        const load = createLoad({ chaos, destinations, label, intervalMs: 100 });
        load.start();
        await sleep(8_000);
        await chaos.servers.postgres.stop();
        const stoppedAt = Date.now();
        progress("Postgres stopped", { statuses: load.statusCounts() });
        await sleep(outageMs - (Date.now() - stoppedAt));
        await chaos.servers.postgres.start();
        progress("Postgres started", { statuses: load.statusCounts() });
        const odd = refusedAnswers([load]).filter((answer) => answer.status !== 503);
        if (odd.length > 0) progress("answers other than 503 during the outage", odd.slice(0, 5));
        const firstAcceptedAfter = await vi.waitFor(
          () => {
            const accepted = load.sent.find(
              (request) => request.sentAt > stoppedAt + outageMs && request.answers.at(-1)?.status === 202,
            );
            expect(accepted).toBeDefined();
            return accepted;
          },
          { timeout: 60_000, interval: 100 },
        );
        progress("accepting again", { afterMs: (firstAcceptedAfter?.sentAt ?? 0) - stoppedAt - outageMs });
        await sleep(8_000);
        await load.stop();
        progress("load stopped", { statuses: load.statusCounts() });

        const sentDuring = load.sent.filter(
          (request) => request.sentAt >= stoppedAt && request.sentAt < stoppedAt + outageMs,
        );
        progress("requests sent during the outage", {
          count: sentDuring.length,
          statuses: sentDuring.map((request) => request.answers[0]?.status),
          slowestMs: Math.round(Math.max(0, ...sentDuring.map((request) => request.answers[0]?.ms ?? 0))),
        });
        const refused = refusedAnswers([load]);
        for (const service of chaos.system.processes.values()) expect(isProcessAlive(service.pid)).toBe(true);

        // a client sends a refused request again with its key: accepted once, whatever happened to the first try
        await load.resendRefused();
        expect(load.refused()).toEqual([]);
        const end = await expectCleanEndState(chaos, {
          label,
          loads: [load],
          destinations,
          allowed: publishedOrUnconfirmed,
        });
        expect(end.writtenWithoutAnswer, "every post written has been answered to its client").toBe(0);
        // meanwhile, the gateway answered: a quick, honest 503 rather than a request hanging until the database is back
        expect(refused.length, "requests were refused during the outage").toBeGreaterThan(10);
        expectHonest503s(refused, { maxMs: 10_000 });
      }),
    600_000,
  );
});
