import { Writable } from "node:stream";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { ConnectionConnected } from "@postd/contracts";
import type { RunningGateway } from "@postd/gateway";
import { createLogger } from "@postd/telemetry";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { HealthService } from "../src/service";
import { createTenant, startWorldGateway } from "./support/gateway";
import { createHealthWorld, type HealthWorld, sharedTelemetry } from "./support/harness";
import type { StandInConnection } from "./support/token-service-stand-in";

// One process, one telemetry: gateway, health-service (its RPC, its BullMQ worker, its connector) and the
// token-service stand-in all export their spans to this in-memory exporter.
const spans = new InMemorySpanExporter();
sharedTelemetry({ spanExporter: spans });
const logLines: Array<Record<string, unknown>> = [];
const logger = createLogger({
  service: "health-service",
  level: "debug",
  destination: new Writable({
    write(chunk, _encoding, done) {
      logLines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  }),
});

let world: HealthWorld;
let health: HealthService;
let gateway: RunningGateway;
let tenant: { tenantId: string; apiKey: string };
let connection: StandInConnection;
let answer: Response;

beforeAll(async () => {
  world = await createHealthWorld();
  health = await world.startHealth({}, { logger });
  gateway = await startWorldGateway(world);
  tenant = await createTenant(gateway);
  connection = await world.connect({ tenantId: tenant.tenantId, platform: "meta" });
  await world.publishEvent(ConnectionConnected, tenant.tenantId, {
    connectionId: connection.connectionId,
    platform: "meta",
    accountIds: [],
    reconnected: false,
  });
  spans.reset();
  answer = await fetch(`${gateway.url}/api/connections/${connection.connectionId}/health-check`, {
    method: "POST",
    headers: { authorization: `Bearer ${tenant.apiKey}` },
  });
}, 90_000);

afterAll(async () => {
  await gateway?.stop("test done");
  await world?.close();
});

function findSpan(name: string | RegExp): ReadableSpan | undefined {
  return spans
    .getFinishedSpans()
    .find((span) => (typeof name === "string" ? span.name === name : name.test(span.name)));
}

describe("one trace per request", () => {
  it("spans the gateway, the RPC, the BullMQ job, the connector call and the event", async () => {
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: "healthy" });
    await vi.waitFor(() => expect(findSpan("POST /api/connections/:id/health-check")).toBeDefined(), {
      timeout: 10_000,
      interval: 50,
    });
    const http = findSpan("POST /api/connections/:id/health-check");
    const traceId = http?.spanContext().traceId;
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const sameTrace = spans.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
    const names = sameTrace.map((span) => span.name);
    expect(names).toEqual(
      expect.arrayContaining([
        "POST /api/connections/:id/health-check", // gateway HTTP (SERVER)
        "svc.health.check-connection", // the NATS RPC (CLIENT in the gateway, SERVER in health-service)
        "health-service.check", // the BullMQ job (CONSUMER)
        "health.check-connection", // the check itself
        "svc.token.get-access-token", // the token RPC
        "connector meta health.read_user", // the platform call (CLIENT)
      ]),
    );
    const job = sameTrace.find((span) => span.name === "health-service.check");
    expect(job?.attributes["postd.tenant_id"]).toBe(tenant.tenantId);
    expect(job?.attributes["postd.connection_id"]).toBe(connection.connectionId);
    const platformCall = sameTrace.find((span) => span.name === "connector meta health.read_user");
    expect(platformCall?.attributes["postd.platform"]).toBe("meta");

    // the event leaves through the outbox with the same trace context in its headers
    const rows = await health.runtime.database.db.execute(
      sql`select headers from health.outbox where subject like '%connection.health_checked.v1' order by created_at desc limit 1`,
    );
    const headers = (rows[0] as { headers: Record<string, string> } | undefined)?.headers;
    expect(headers?.traceparent).toContain(traceId);
  });

  it("logs JSON lines that carry trace_id, span_id, tenantId and requestId", () => {
    const traceId = findSpan("POST /api/connections/:id/health-check")?.spanContext().traceId;
    const answered = logLines.find(
      (line) => line.msg === "rpc answered" && line.rpc === "svc.health.check-connection",
    );
    expect(answered).toMatchObject({ trace_id: traceId, tenantId: tenant.tenantId, level: "debug" });
    expect(answered?.span_id).toMatch(/^[0-9a-f]{16}$/);
    expect(answered?.requestId).toMatch(/^req_/);
    const checked = logLines.find((line) => line.msg === "connection checked");
    expect(checked).toMatchObject({
      trace_id: traceId,
      tenantId: tenant.tenantId,
      connectionId: connection.connectionId,
    });
    expect(JSON.stringify(logLines)).not.toContain(connection.accessToken);
  });

  it("never puts a token in a span", () => {
    const everything = JSON.stringify(
      spans.getFinishedSpans().map((span) => [span.name, span.attributes, span.events]),
    );
    expect(everything).not.toContain(connection.accessToken);
    expect(everything).not.toContain(tenant.apiKey);
  });
});

describe("/metrics after the flow", () => {
  it("serves every series the flow records, under the Prometheus names the dashboards use", async () => {
    const response = await fetch(`${health.runtime.internalUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const series of [
      "api_request_duration_bucket",
      "api_request_duration_count",
      "health_check_outcome_total",
      "connector_request_duration_bucket",
      "queue_depth",
      "queue_oldest_age",
      "token_expiring_soon",
    ]) {
      expect(text, series).toMatch(new RegExp(`^${series}\\{[^}]*otel_scope_name="postd"`, "m"));
    }
    expect(text).toMatch(/^health_check_outcome_total\{(?=[^}]*outcome="healthy")(?=[^}]*platform="meta")/m);
    expect(text).toMatch(/^queue_depth\{[^}]*queue="health-service\.check"/m);
    expect(text).not.toContain(connection.accessToken);
  });
});
