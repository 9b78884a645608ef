import { recordMetric } from "./record-metric";

/** What a connector's HTTP client reports after each platform call (structurally `RequestObservation`). */
export interface ConnectorRequestObservation {
  platform: string;
  operation: string;
  status: number | null;
  durationMs: number;
  failure: "network" | "timeout" | null;
}

/**
 * `connector.request.duration` for one platform call, labelled by platform, operation and outcome (with the error:
 * `timeout`, `network` or `http_<status>`). Pass it as the connector registry's `observe` hook.
 */
export function recordConnectorRequest(observation: ConnectorRequestObservation): void {
  const failed = observation.failure !== null || observation.status === null || observation.status >= 400;
  recordMetric("connector.request.duration", observation.durationMs, {
    platform: observation.platform,
    operation: observation.operation,
    outcome: failed ? "error" : "success",
    ...(failed ? { error: observation.failure ?? `http_${observation.status}` } : {}),
  });
}
