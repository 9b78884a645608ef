import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { initTelemetry, type Telemetry } from "../sdk/init-telemetry";
import { withSpan } from "../tracing/with-span";
import { createLogger } from "./create-logger";

function collectingLogger(options: { level?: "debug" | "info" } = {}) {
  const lines: Record<string, unknown>[] = [];
  const destination = {
    write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>),
  };
  return { log: createLogger({ service: "logger-test", destination, ...options }), lines };
}

const exporter = new InMemorySpanExporter();
let telemetry: Telemetry;

beforeAll(() => {
  telemetry = initTelemetry({ serviceName: "logger-test", spanExporter: exporter });
});
afterAll(() => telemetry.shutdown());

describe("createLogger", () => {
  it("writes JSON lines with service, level label, ISO time and message", () => {
    const { log, lines } = collectingLogger();
    log.info({ postId: "pst_1", latencyMs: 12 }, "publish completed");

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ service: "logger-test", level: "info", postId: "pst_1", latencyMs: 12 });
    expect(lines[0]?.msg).toBe("publish completed");
    expect(new Date(String(lines[0]?.time)).toISOString()).toBe(lines[0]?.time);
  });

  it("honours the level and carries child bindings", () => {
    const { log, lines } = collectingLogger({ level: "info" });
    log.debug("hidden");
    log.child({ tenantId: "ten_1", requestId: "req_1" }).warn("shown");

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: "warn", tenantId: "ten_1", requestId: "req_1", msg: "shown" });
  });

  it("adds trace_id and span_id of the active span, and nothing outside one", async () => {
    const { log, lines } = collectingLogger();
    const spanContext = await withSpan("logged", (span) => {
      log.child({ consumer: "x" }).info("inside");
      return span.spanContext();
    });
    log.info("outside");

    expect(lines[0]).toMatchObject({
      trace_id: spanContext.traceId,
      span_id: spanContext.spanId,
      msg: "inside",
    });
    expect(lines[1]).not.toHaveProperty("trace_id");
    expect(lines[1]).not.toHaveProperty("span_id");
  });
});
