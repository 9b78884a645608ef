import { type MsgHdrs, headers as natsHeaders } from "@nats-io/nats-core";

/**
 * The optional hook that carries trace context across NATS: `inject` writes the current context into outgoing
 * headers, `extract` runs `fn` inside the context found in incoming headers. `@postd/telemetry` provides one;
 * without it nothing is propagated and nothing else changes.
 */
export interface TracePropagation {
  inject(headers: Record<string, string>): void;
  extract<T>(headers: Record<string, string>, fn: () => T): T;
  /**
   * Optional: runs `fn` in a new span (a CLIENT span around a call, SERVER around a handler, CONSUMER around an
   * event handler), marked failed when `fn` throws. Without it, context is propagated but no span is made.
   */
  span?<T>(name: string, options: TraceSpanOptions, fn: () => Promise<T>): Promise<T>;
}

export interface TraceSpanOptions {
  kind: "client" | "server" | "consumer";
  /** low-cardinality facts and ids (subject, event id, tenant); never tokens */
  attributes?: Record<string, string>;
}

/** `fn` inside a span when the hook offers spans, else just `fn`. */
export function inTraceSpan<T>(
  tracing: TracePropagation | undefined,
  name: string,
  options: TraceSpanOptions,
  fn: () => Promise<T>,
): Promise<T> {
  return tracing?.span ? tracing.span(name, options, fn) : fn();
}

/** Flattens NATS headers to a record (first value of each key), the shape handlers and tracing see. */
export function headersToRecord(headers: MsgHdrs | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  if (!headers) return record;
  for (const key of headers.keys()) record[key] = headers.get(key);
  return record;
}

export function recordToHeaders(record: Record<string, string>): MsgHdrs | undefined {
  const entries = Object.entries(record);
  if (entries.length === 0) return undefined;
  const headers = natsHeaders();
  for (const [key, value] of entries) headers.set(key, value);
  return headers;
}

/** Runs `fn` inside the trace context of `headers` when a propagation hook is configured. */
export function withExtractedContext<T>(
  tracing: TracePropagation | undefined,
  headers: Record<string, string>,
  fn: () => T,
): T {
  return tracing ? tracing.extract(headers, fn) : fn();
}
