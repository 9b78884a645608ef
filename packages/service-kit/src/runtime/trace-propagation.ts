import {
  extractTraceContext,
  injectTraceContext,
  runWithContext,
  SpanKind,
  withSpan,
} from "@postd/telemetry";
import type { TracePropagation } from "../rpc/trace-propagation";

const spanKinds = { client: SpanKind.CLIENT, server: SpanKind.SERVER, consumer: SpanKind.CONSUMER } as const;

/**
 * Carries OpenTelemetry trace context through NATS headers (RPC requests and events), with a CLIENT span around
 * each call, a SERVER span around each handler and a CONSUMER span around each event handler.
 */
export const telemetryPropagation: TracePropagation = {
  inject(headers) {
    injectTraceContext(headers);
  },
  extract(headers, fn) {
    return runWithContext(extractTraceContext(headers), fn);
  },
  span(name, options, fn) {
    const attributes = Object.fromEntries(
      Object.entries(options.attributes ?? {}).map(([key, value]) => [`postd.${key}`, value]),
    );
    return withSpan(name, { kind: spanKinds[options.kind], attributes }, () => fn());
  },
};
