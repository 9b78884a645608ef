import { type Attributes, context, type Span, type SpanKind, trace } from "@opentelemetry/api";
import { extractTraceContext, type TraceCarrier } from "../propagation/trace-context";
import { redactAttributes } from "./redact-attributes";
import { getTracer } from "./tracer";

export interface RemoteSpan {
  readonly span: Span;
  /** runs `fn` with this span active (its children, logs' trace_id/span_id, injected trace context) */
  run<T>(fn: () => T): T;
}

/**
 * Starts a span whose parent is the trace context in `carrier` (incoming HTTP headers), or the active context
 * without one, and hands back a way to run code inside it. For spans that outlive one function call — an HTTP
 * request opened in one hook and ended in another; `withSpan` covers the rest. The caller ends the span.
 */
export function startRemoteSpan(
  name: string,
  options: { carrier?: TraceCarrier; kind?: SpanKind; attributes?: Attributes } = {},
): RemoteSpan {
  const parent = options.carrier === undefined ? context.active() : extractTraceContext(options.carrier);
  const span = getTracer().startSpan(
    name,
    {
      ...(options.kind === undefined ? {} : { kind: options.kind }),
      ...(options.attributes === undefined ? {} : { attributes: redactAttributes(options.attributes) }),
    },
    parent,
  );
  const active = trace.setSpan(parent, span);
  return { span, run: (fn) => context.with(active, fn) };
}
