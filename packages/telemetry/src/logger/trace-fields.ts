import { isSpanContextValid, trace } from "@opentelemetry/api";

/**
 * `trace_id` and `span_id` of the active span, so a log line links to its trace; nothing outside a span.
 * Returns a fresh object each time: pino merges the logged fields into it.
 */
export function traceFields(): Record<string, string> {
  const span = trace.getActiveSpan();
  if (span === undefined) return {};
  const spanContext = span.spanContext();
  if (!isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
