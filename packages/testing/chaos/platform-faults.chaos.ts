import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChaosSystem, startChaosSystem } from "./support/chaos-system";
import { connectLoadDestinations, type Destination } from "./support/connect-accounts";
import { requestJson, sleep } from "./support/http";
import { createLoad } from "./support/load-generator";
import { sumSamples } from "./support/metrics";
import { progress } from "./support/progress";
import { expectCleanEndState } from "./support/scenario";

// Scenario 5: every platform answers 5% of its calls with a 503 and holds another 5% for 1.2 s (a latency spike
// under the 2 s connector timeout), under steady load. Retries absorb the 5xx; the error budget shows in the
// metrics; nothing is stuck; every target ends published, or dead-lettered with a reason.
const label = "platformfaults";
let chaos: ChaosSystem;
let destinations: Destination[];

beforeAll(async () => {
  chaos = await startChaosSystem();
  destinations = await connectLoadDestinations(chaos);
  progress("system started");
}, 300_000);

afterAll(async () => {
  await chaos?.close();
});

describe("platform errors and latency spikes on every platform", () => {
  it("5xx are retried, the error budget is visible in metrics, nothing is stuck", async () => {
    await chaos.sim("POST", "/_sim/faults", {
      rules: [
        {
          rate: 0.05,
          action: { type: "respond", status: 503, body: { error: "chaos: service unavailable" } },
        },
        { rate: 0.05, action: { type: "latency", ms: 1_200 } },
      ],
    });
    const load = createLoad({ chaos, destinations, label, intervalMs: 100 });
    load.start();
    await sleep(40_000);
    await load.stop();
    progress("load stopped", { statuses: load.statusCounts() });
    expect(load.refused()).toEqual([]);

    const end = await expectCleanEndState(chaos, {
      label,
      loads: [load],
      destinations,
      allowed: ["published", "unconfirmed", "dead_lettered"],
    });
    await chaos.sim("DELETE", "/_sim/faults");
    expect(
      (end.byStatus.published ?? 0) / end.targets,
      "retries absorb the 5xx: most are published",
    ).toBeGreaterThan(0.95);

    const metrics = await requestJson<string>(
      "GET",
      `${chaos.system.internalUrlOf("publish-service")}/metrics`,
    );
    const text = String(metrics.body);
    const outcomes = /^publish_outcome_total$/;
    const calls = /^connector_request_duration.*_count$/;
    const budget = {
      published: sumSamples(text, { name: outcomes, labels: { outcome: "published" } }),
      retrying: sumSamples(text, { name: outcomes, labels: { outcome: "retrying" } }),
      deadLettered: sumSamples(text, { name: outcomes, labels: { outcome: "dead_lettered" } }),
      platformCalls: sumSamples(text, { name: calls }),
      platformErrors: sumSamples(text, { name: calls, labels: { outcome: "error" } }),
      platform503s: sumSamples(text, { name: calls, labels: { error: "http_503" } }),
    };
    progress("error budget in /metrics", budget);
    expect(budget.published).toBe(end.byStatus.published);
    expect(budget.retrying, "the retries show").toBeGreaterThan(0);
    expect(budget.platform503s, "the platforms' 503s show, labelled").toBeGreaterThan(0);
  }, 600_000);
});
