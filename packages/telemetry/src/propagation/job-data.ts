import type { Context } from "@opentelemetry/api";
import { extractTraceContext, injectTraceContext, type TraceCarrier } from "./trace-context";

/** The field a BullMQ job's data carries its producer's trace context in. */
export const TRACE_FIELD = "_trace";

export type TracedJobData<T> = T & { [TRACE_FIELD]?: TraceCarrier };

/**
 * The job data with the active trace context under `_trace` (left out when there is no active span). Add it
 * after validating the payload; a zod object schema strips unknown keys, so the processor reads the context
 * from the raw `job.data` with `contextFromJobData` before parsing.
 */
export function withTraceData<T extends object>(data: T): TracedJobData<T> {
  const carrier = injectTraceContext({});
  return Object.keys(carrier).length === 0 ? data : { ...data, [TRACE_FIELD]: carrier };
}

/** The producer's trace context from raw job data (the active context when it carries none). */
export function contextFromJobData(data: unknown): Context {
  return extractTraceContext(readCarrier(data));
}

function readCarrier(data: unknown): TraceCarrier | undefined {
  if (typeof data !== "object" || data === null) return undefined;
  const carrier: unknown = (data as Record<string, unknown>)[TRACE_FIELD];
  if (typeof carrier !== "object" || carrier === null) return undefined;
  const strings: TraceCarrier = {};
  for (const [key, value] of Object.entries(carrier)) {
    if (typeof value === "string") strings[key] = value;
  }
  return strings;
}
