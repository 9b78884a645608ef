import { once } from "node:events";
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger, initTelemetry, recordMetric, withSpan } from "../src/index";

/** A stand-in OTLP/HTTP intake (collector or Datadog agent) on a free loopback port. */
const received: { path: string; contentType: string; body: string }[] = [];
let answerStatus = 200;
const collector = createServer((request: IncomingMessage, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    received.push({
      path: request.url ?? "",
      contentType: request.headers["content-type"] ?? "",
      body: Buffer.concat(chunks).toString("utf8"),
    });
    response.writeHead(answerStatus, { "content-type": "application/json" }).end("{}");
  });
});

beforeAll(async () => {
  collector.listen(0, "127.0.0.1");
  await once(collector, "listening");
});
afterAll(() => new Promise<void>((resolve) => collector.close(() => resolve())));

describe("OTLP export", () => {
  it("pushes spans and metrics to <endpoint>/v1/traces and /v1/metrics, flushed by shutdown", async () => {
    const { port } = collector.address() as AddressInfo;
    const telemetry = initTelemetry({
      serviceName: "otlp-test",
      otlpEndpoint: `http://127.0.0.1:${port}/`,
      otlpExportIntervalMs: 60_000,
    });

    await withSpan("exported.span", () => recordMetric("token.refresh.outcome", 1, { outcome: "refreshed" }));
    await telemetry.shutdown();

    const traces = received.filter((request) => request.path === "/v1/traces");
    const metrics = received.filter((request) => request.path === "/v1/metrics");
    expect(traces.length).toBeGreaterThan(0);
    expect(metrics.length).toBeGreaterThan(0);
    expect(traces.map((request) => request.body).join("")).toContain("exported.span");
    expect(traces.map((request) => request.body).join("")).toContain("otlp-test");
    expect(metrics.map((request) => request.body).join("")).toContain("token.refresh.outcome");
  });

  it("reports failed exports through the logger it was given", async () => {
    answerStatus = 400;
    const { port } = collector.address() as AddressInfo;
    const lines: Record<string, unknown>[] = [];
    const logger = createLogger({
      service: "otlp-test",
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const telemetry = initTelemetry({
      serviceName: "otlp-test",
      otlpEndpoint: `http://127.0.0.1:${port}`,
      logger,
    });

    await withSpan("rejected.span", () => undefined);
    await telemetry.shutdown();

    expect(lines.some((line) => line.level === "error" && line.component === "opentelemetry")).toBe(true);
  });
});
