import { headers as natsHeaders } from "@nats-io/nats-core";
import { context, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { contextFromJobData, withTraceData } from "../propagation/job-data";
import { extractNatsHeaders, injectNatsHeaders } from "../propagation/nats-headers";
import { extractTraceContext, injectTraceContext, runWithContext } from "../propagation/trace-context";
import { initTelemetry, type Telemetry } from "../sdk/init-telemetry";
import { withSpan } from "./with-span";

const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;

beforeAll(() => {
  telemetry = initTelemetry({ serviceName: "tracing-test", spanExporter: exporter });
});
afterAll(() => telemetry.shutdown());
beforeEach(() => exporter.reset());

function finished(name: string): ReadableSpan {
  const span = exporter.getFinishedSpans().find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`span ${name} was not exported`);
  return span;
}

/** What a different process sees: no active span, only the carrier that crossed the wire. */
function inAnotherProcess<T>(fn: () => T): T {
  return context.with(ROOT_CONTEXT, fn);
}

describe("withSpan", () => {
  it("returns the result and ends the span with its attributes, kind and resource", async () => {
    const result = await withSpan(
      "work",
      { attributes: { platform: "meta" }, kind: SpanKind.CLIENT },
      () => 42,
    );

    expect(result).toBe(42);
    const span = finished("work");
    expect(span.ended).toBe(true);
    expect(span.kind).toBe(SpanKind.CLIENT);
    expect(span.attributes).toEqual({ platform: "meta" });
    expect(span.status.code).toBe(SpanStatusCode.UNSET);
    expect(span.resource.attributes["service.name"]).toBe("tracing-test");
  });

  it("records the exception, sets ERROR, ends the span and rethrows", async () => {
    const failure = new Error("platform said no: https://x.test/?access_token=leak");

    await expect(withSpan("failing", async () => Promise.reject(failure))).rejects.toBe(failure);

    const span = finished("failing");
    expect(span.ended).toBe(true);
    expect(span.status).toEqual({
      code: SpanStatusCode.ERROR,
      message: "platform said no: https://x.test/?access_token=[REDACTED]",
    });
    const exception = span.events.find((event) => event.name === "exception");
    expect(exception?.attributes?.["exception.message"]).toBe(
      "platform said no: https://x.test/?access_token=[REDACTED]",
    );
    expect(JSON.stringify(span.events)).not.toContain("leak");
  });

  it("drops sensitive attributes and scrubs secrets in attribute values", async () => {
    await withSpan(
      "attributes",
      {
        attributes: {
          "http.url": "https://x.test/cb?code=leak&state=s",
          "oauth.access_token": "leak",
          client_secret: "leak",
          "http.request.header.authorization": ["leak"],
          urls: ["https://x.test/?token=leak"],
          "http.status_code": 200,
        },
      },
      () => undefined,
    );

    expect(finished("attributes").attributes).toEqual({
      "http.url": "https://x.test/cb?code=[REDACTED]&state=s",
      urls: ["https://x.test/?token=[REDACTED]"],
      "http.status_code": 200,
    });
  });

  it("nests spans started inside another", async () => {
    await withSpan("parent", () => withSpan("child", () => undefined));

    const parent = finished("parent");
    const child = finished("child");
    expect(child.spanContext().traceId).toBe(parent.spanContext().traceId);
    expect(child.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
  });
});

describe("context propagation across a process hop", () => {
  it("keeps the trace through a plain carrier", async () => {
    const carrier = await withSpan("producer", () => injectTraceContext({}));
    expect(carrier.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const wire = JSON.parse(JSON.stringify(carrier)) as Record<string, string>;

    await inAnotherProcess(() =>
      runWithContext(extractTraceContext(wire), () => withSpan("consumer", () => 1)),
    );

    const producer = finished("producer");
    const consumer = finished("consumer");
    expect(consumer.spanContext().traceId).toBe(producer.spanContext().traceId);
    expect(consumer.parentSpanContext?.spanId).toBe(producer.spanContext().spanId);
  });

  it("starts a new trace when the carrier is empty", async () => {
    expect(injectTraceContext({})).toEqual({});
    await inAnotherProcess(() =>
      runWithContext(extractTraceContext(undefined), () => withSpan("orphan", () => 1)),
    );
    expect(finished("orphan").parentSpanContext).toBeUndefined();
  });

  it("keeps the trace through NATS headers", async () => {
    const headers = await withSpan("nats.publish", () => injectNatsHeaders(natsHeaders()));
    expect(headers.get("traceparent")).toContain(finished("nats.publish").spanContext().traceId);

    await inAnotherProcess(() =>
      runWithContext(extractNatsHeaders(headers), () => withSpan("nats.handle", () => 1)),
    );

    const publish = finished("nats.publish");
    expect(finished("nats.handle").parentSpanContext?.spanId).toBe(publish.spanContext().spanId);
    expect(finished("nats.handle").spanContext().traceId).toBe(publish.spanContext().traceId);
  });

  it("creates NATS headers when the publisher has none, and tolerates a message without headers", async () => {
    const created = await withSpan("nats.fresh", () => injectNatsHeaders());
    expect(created.get("traceparent")).not.toBe("");
    expect(trace.getSpanContext(inAnotherProcess(() => extractNatsHeaders(undefined)))).toBeUndefined();
  });

  it("keeps the trace through BullMQ job data serialized as JSON", async () => {
    const data = await withSpan("job.enqueue", () => withTraceData({ postId: "pst_1" }));
    expect(data).toMatchObject({ postId: "pst_1", _trace: { traceparent: expect.any(String) } });
    const stored: unknown = JSON.parse(JSON.stringify(data));

    await inAnotherProcess(() =>
      runWithContext(contextFromJobData(stored), () => withSpan("job.process", () => 1)),
    );

    const enqueue = finished("job.enqueue");
    expect(finished("job.process").spanContext().traceId).toBe(enqueue.spanContext().traceId);
    expect(finished("job.process").parentSpanContext?.spanId).toBe(enqueue.spanContext().spanId);
  });

  it("leaves job data untouched outside a span and ignores malformed trace fields", () => {
    const data = { postId: "pst_1" };
    expect(withTraceData(data)).toBe(data);
    const ignored = contextFromJobData({ _trace: { traceparent: 42 } });
    expect(trace.getSpanContext(inAnotherProcess(() => ignored))).toBeUndefined();
  });
});
