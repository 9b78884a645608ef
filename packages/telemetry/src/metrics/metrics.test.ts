import { InMemoryMetricExporter, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTelemetry, PROMETHEUS_CONTENT_TYPE, type Telemetry } from "../sdk/init-telemetry";
import { measureLatency } from "./measure-latency";
import { type MetricName, metricDefinitions, metricNames } from "./metric-definitions";
import { observeGauge } from "./observe-gauge";
import { recordMetric } from "./record-metric";

let queueDepth = 7;
let depthObservations = 0;
let telemetry: Telemetry;

// Before initTelemetry: no meter provider yet, so these must be silent no-ops, and the gauge must follow the
// provider once it is set up.
recordMetric("publish.outcome", 1000, { platform: "meta", outcome: "published" });
const stopObserving = observeGauge("queue.depth", () => {
  depthObservations++;
  return [{ value: queueDepth, labels: { queue: "publisher.publish", state: "waiting" } }];
});

beforeAll(() => {
  telemetry = initTelemetry({ serviceName: "metrics-test", instanceId: "inst-1" });
});
afterAll(() => telemetry.shutdown());

async function series(name: MetricName) {
  return (await telemetry.snapshot()).filter((entry) => entry.name === name);
}

describe("metric definitions", () => {
  it("declare every architecture instrument once, ms histograms and counters and gauges", () => {
    expect(metricNames).toHaveLength(15);
    expect(metricDefinitions["publish.unconfirmed"].type).toBe("counter");
    expect(metricDefinitions["queue.oldest_age"].type).toBe("gauge");
    for (const name of metricNames) {
      const definition = metricDefinitions[name];
      if (definition.type === "histogram") expect(definition.unit).toBe("ms");
    }
  });

  it("reject names that are not declared counters or histograms", () => {
    // @ts-expect-error unknown names do not compile
    expect(() => recordMetric("publish.outcomes", 1)).toThrow(/not a declared counter or histogram/);
    // @ts-expect-error gauges are observed, not recorded
    expect(() => recordMetric("queue.depth", 1)).toThrow(/not a declared counter or histogram/);
  });
});

describe("metricsText", () => {
  it("exposes counters and histograms in Prometheus text format", async () => {
    recordMetric("publish.outcome", 1, { platform: "meta", outcome: "published" });
    recordMetric("publish.outcome", 2, { platform: "meta", outcome: "published" });
    recordMetric("api.request.duration", 42, { method: "GET", route: "/api/posts/:id", status: 200 });

    const { contentType, body } = await telemetry.metricsText();

    expect(contentType).toBe(PROMETHEUS_CONTENT_TYPE);
    expect(body).toContain("# TYPE publish_outcome_total counter");
    expect(body).toMatch(/^publish_outcome_total\{[^}]*platform="meta",outcome="published"[^}]*\} 3$/m);
    expect(body).toContain("# TYPE api_request_duration histogram");
    expect(body).toContain("# UNIT api_request_duration ms");
    expect(body).toMatch(/^api_request_duration_bucket\{[^}]*route="\/api\/posts\/:id"[^}]*le="25"\} 0$/m);
    expect(body).toMatch(/^api_request_duration_bucket\{[^}]*route="\/api\/posts\/:id"[^}]*le="50"\} 1$/m);
    expect(body).toMatch(/^api_request_duration_count\{[^}]*\} 1$/m);
    expect(body).toMatch(/^target_info\{[^}]*service_name="metrics-test"[^}]*\} 1$/m);
  });
});

describe("snapshot", () => {
  it("estimates percentiles inside the bucket holding the true value", async () => {
    const values = [3, 7, 12, 40, 80, 120, 300, 800, 2000];
    for (const value of values) recordMetric("connector.request.duration", value, { platform: "linkedin" });

    const [entry] = await series("connector.request.duration");

    expect(entry).toMatchObject({ type: "histogram", count: 9, sum: 3362, labels: { platform: "linkedin" } });
    const percentiles = entry?.percentiles;
    // True median 80 lies in the (50, 100] bucket.
    expect(percentiles?.p50).toBeGreaterThan(50);
    expect(percentiles?.p50).toBeLessThanOrEqual(100);
    // p99 lies in (1000, 2500], capped by the largest value seen.
    expect(percentiles?.p99).toBeGreaterThan(1000);
    expect(percentiles?.p99).toBeLessThanOrEqual(2000);
  });

  it("reports counters and a gauge registered before initTelemetry, with current values", async () => {
    recordMetric("publish.unconfirmed", 1, { platform: "tiktok" });
    expect(await series("publish.unconfirmed")).toEqual([
      { name: "publish.unconfirmed", type: "counter", value: 1, labels: { platform: "tiktok" } },
    ]);
    // The 1000 recorded before initTelemetry went nowhere.
    const [outcome] = await series("publish.outcome");
    expect(outcome?.value).toBeLessThan(1000);

    const labels = { queue: "publisher.publish", state: "waiting" };
    expect(await series("queue.depth")).toEqual([{ name: "queue.depth", type: "gauge", value: 7, labels }]);
    queueDepth = 3;
    expect(await series("queue.depth")).toEqual([{ name: "queue.depth", type: "gauge", value: 3, labels }]);
    stopObserving();
    const observationsBefore = depthObservations;
    await telemetry.snapshot();
    expect(depthObservations).toBe(observationsBefore);
  });

  it("takes async gauge callbacks and survives one that throws", async () => {
    const stopFailing = observeGauge("queue.oldest_age", () => {
      throw new Error("redis down");
    });
    const stopWorking = observeGauge("queue.oldest_age", async () => [
      { value: 1500, labels: { queue: "q" } },
    ]);

    expect(await series("queue.oldest_age")).toMatchObject([{ value: 1500, labels: { queue: "q" } }]);
    stopFailing();
    stopWorking();
  });
});

describe("measureLatency", () => {
  it("records success and failure with an outcome label and rethrows", async () => {
    await expect(measureLatency("rpc.request.duration", { verb: "get" }, async () => "ok")).resolves.toBe(
      "ok",
    );
    const failure = Object.assign(new Error("timed out"), { code: "TIMEOUT" });
    await expect(
      measureLatency("rpc.request.duration", { verb: "get" }, () => {
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expect(
      measureLatency("rpc.request.duration", { verb: "get" }, () => Promise.reject(new TypeError("x"))),
    ).rejects.toThrow();

    const recorded = await series("rpc.request.duration");
    expect(recorded.map((entry) => entry.labels)).toEqual(
      expect.arrayContaining([
        { verb: "get", outcome: "success" },
        { verb: "get", outcome: "error", error: "TIMEOUT" },
        { verb: "get", outcome: "error", error: "TypeError" },
      ]),
    );
    expect(recorded.every((entry) => entry.count === 1 && (entry.sum ?? -1) >= 0)).toBe(true);
  });
});

describe("lifecycle", () => {
  it("refuses a second initTelemetry while one is active", () => {
    expect(() => initTelemetry({ serviceName: "again" })).toThrow(/already initialized/);
  });

  it("feeds extra metric readers given at init", async () => {
    await telemetry.shutdown();
    const exporter = new InMemoryMetricExporter(0);
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
    telemetry = initTelemetry({ serviceName: "metrics-test", metricReaders: [reader] });
    recordMetric("webhook.delivery.outcome", 1, { outcome: "delivered" });

    await telemetry.shutdown();
    await telemetry.shutdown();

    const names = exporter
      .getMetrics()
      .flatMap((resource) =>
        resource.scopeMetrics.flatMap((scope) => scope.metrics.map((m) => m.descriptor.name)),
      );
    expect(names).toContain("webhook.delivery.outcome");
  });
});
