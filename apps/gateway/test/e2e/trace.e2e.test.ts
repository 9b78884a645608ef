import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { createLogger, initTelemetry, SpanKind, type Telemetry } from "@postd/telemetry";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { E2eSystem, Tenant } from "./support/e2e-system";
import { type InProcessSystem, startInProcessSystem } from "./support/in-process-system";
import { bodyFor, publish, uniqueText, waitForTargets } from "./support/posts";

// One process, one telemetry: the gateway, publish-service (its RPC and its BullMQ worker), token-service and the
// connectors all export their spans to this in-memory exporter and their metrics to one registry.
const spans = new InMemorySpanExporter();
let telemetry: Telemetry;
let e2e: E2eSystem<InProcessSystem>;
let tenant: Tenant;
let postId: string;
let targetId: string;

beforeAll(async () => {
  telemetry = initTelemetry({
    serviceName: "e2e-trace",
    spanExporter: spans,
    logger: createLogger({ service: "e2e-trace", level: "silent" }),
  });
  e2e = await startInProcessSystem({ telemetry });
  tenant = await e2e.createTenant("Trace Co");
  const { connection } = await e2e.connect(tenant, "linkedin");
  const accountId = e2e.accountOf(connection, "linkedin_organization");
  spans.reset();
  const accepted = await publish(e2e, tenant, bodyFor("linkedin", accountId, uniqueText("traced")));
  postId = accepted.postId;
  targetId = accepted.targets[0]?.id ?? "";
  await waitForTargets(e2e, tenant, postId);
}, 240_000);

afterAll(async () => {
  await e2e?.stop();
  await telemetry?.shutdown();
}, 60_000);

const finished = () => spans.getFinishedSpans();
const named = (name: string | RegExp) =>
  finished().filter((span) => (typeof name === "string" ? span.name === name : name.test(span.name)));

describe("one trace for one POST /api/publish", () => {
  it("spans the gateway HTTP span, publish-service's RPC, the worker's job and the connector's HTTP call", async () => {
    await vi.waitFor(() => expect(named(/^connector linkedin /)).not.toHaveLength(0), {
      timeout: 10_000,
      interval: 50,
    });
    const [http] = named("POST /api/publish");
    expect(http?.kind).toBe(SpanKind.SERVER);
    const traceId = http?.spanContext().traceId ?? "";
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const inTrace = (span: ReadableSpan) => span.spanContext().traceId === traceId;

    const rpcServer = named("svc.publish.create").filter((s) => s.kind === SpanKind.SERVER);
    expect(rpcServer.filter(inTrace), "publish-service's RPC span").toHaveLength(1);
    const job = named("publish-service.publish").filter(inTrace);
    expect(job, "the worker's job span").toHaveLength(1);
    expect(job[0]?.kind).toBe(SpanKind.CONSUMER);
    expect(job[0]?.attributes["postd.tenant_id"]).toBe(tenant.tenantId);
    expect(job[0]?.attributes["postd.target_id"]).toBe(targetId);
    const platformCalls = named(/^connector linkedin /).filter(inTrace);
    expect(platformCalls.length, "the connector's HTTP spans").toBeGreaterThan(0);
    expect(platformCalls.every((s) => s.kind === SpanKind.CLIENT)).toBe(true);
    expect(platformCalls.map((s) => s.attributes["postd.platform"])).toContain("linkedin");

    // the job's spans hang under the request: every span of the trace leads up to the gateway's
    const byId = new Map(finished().map((s) => [s.spanContext().spanId, s]));
    const rootOf = (span: ReadableSpan): ReadableSpan => {
      const parent = span.parentSpanContext?.spanId ? byId.get(span.parentSpanContext.spanId) : undefined;
      return parent ? rootOf(parent) : span;
    };
    for (const span of [...job, ...platformCalls]) expect(rootOf(span).name).toBe("POST /api/publish");
  });

  it("puts no token and no API key in any span", async () => {
    const tokens = (await (await fetch(`${e2e.system.simUrl}/_sim/tokens`)).json()) as {
      data: Array<{ token: string }>;
    };
    const everything = JSON.stringify(finished().map((s) => [s.name, s.attributes, s.events]));
    for (const { token } of tokens.data) expect(everything).not.toContain(token);
    expect(everything).not.toContain(tenant.apiKey);
  });
});

describe("/metrics after the publish", () => {
  it.each(["gateway", "publish"] as const)("%s serves the named series", async (service) => {
    const runtime = service === "gateway" ? e2e.system.gateway.runtime : e2e.system.publish.runtime;
    const response = await fetch(`${runtime.internalUrl}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const series of [
      "api_publish_latency_bucket",
      "api_publish_latency_count",
      "publish_outcome_total",
      "connector_request_duration_bucket",
      "api_request_duration_bucket",
    ]) {
      expect(text, series).toMatch(new RegExp(`^${series}\\{`, "m"));
    }
    expect(text).toMatch(
      /^publish_outcome_total\{(?=[^}]*platform="linkedin")(?=[^}]*outcome="published")[^}]*\} 1$/m,
    );
    expect(text).toMatch(
      /^api_request_duration_count\{(?=[^}]*route="\/api\/publish")(?=[^}]*status="202")/m,
    );
    expect(text).toMatch(/^connector_request_duration_count\{(?=[^}]*platform="linkedin")/m);
  });
});
