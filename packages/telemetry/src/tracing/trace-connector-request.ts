import { SpanKind } from "@opentelemetry/api";
import { withSpan } from "./with-span";

/** What a connector's HTTP client says about a call before it is made (structurally its `RequestTraceInfo`). */
export interface ConnectorRequestTraceInfo {
  platform: string;
  operation: string;
  method: string;
}

/**
 * A CLIENT span around one platform HTTP call (`connector <platform> <operation>`), with platform, operation and
 * method as attributes (never the URL: it can carry tokens and codes). Pass it as the connector registry's `trace`
 * hook so every platform request is a span of the trace that caused it.
 */
export function traceConnectorRequest<T>(info: ConnectorRequestTraceInfo, fn: () => Promise<T>): Promise<T> {
  return withSpan(
    `connector ${info.platform} ${info.operation}`,
    {
      kind: SpanKind.CLIENT,
      attributes: {
        "postd.platform": info.platform,
        "postd.operation": info.operation,
        "http.request.method": info.method,
      },
    },
    () => fn(),
  );
}
