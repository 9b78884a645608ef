import { type Tracer, trace } from "@opentelemetry/api";

/** The instrumentation scope of spans made through this package. */
const TRACER_NAME = "postd";

/**
 * The tracer to start spans with. Safe before `initTelemetry`: the API hands out a proxy that starts recording
 * once a provider is registered.
 */
export function getTracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}
