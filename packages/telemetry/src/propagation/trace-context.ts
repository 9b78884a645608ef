import { type Context, context, propagation } from "@opentelemetry/api";

/** W3C trace context (`traceparent`, `tracestate`, `baggage`) as plain string headers. */
export type TraceCarrier = Record<string, string>;

/** Writes the active (or given) context into `carrier` and returns it; empty outside a span. */
export function injectTraceContext(
  carrier: TraceCarrier = {},
  from: Context = context.active(),
): TraceCarrier {
  propagation.inject(from, carrier);
  return carrier;
}

/** The context a carrier describes, on top of the active one; use it with `runWithContext`. */
export function extractTraceContext(
  carrier: Readonly<Record<string, string | undefined>> | undefined,
): Context {
  return propagation.extract(context.active(), carrier ?? {});
}

/** Runs `fn` with `ctx` active, so spans started inside (`withSpan`) become its children. */
export function runWithContext<T>(ctx: Context, fn: () => T): T {
  return context.with(ctx, fn);
}
