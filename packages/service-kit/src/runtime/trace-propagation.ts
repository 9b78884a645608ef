import { extractTraceContext, injectTraceContext, runWithContext } from "@postd/telemetry";
import type { TracePropagation } from "../rpc/trace-propagation";

/** Carries OpenTelemetry trace context through NATS headers (RPC requests and events). */
export const telemetryPropagation: TracePropagation = {
  inject(headers) {
    injectTraceContext(headers);
  },
  extract(headers, fn) {
    return runWithContext(extractTraceContext(headers), fn);
  },
};
