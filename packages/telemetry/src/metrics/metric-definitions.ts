/**
 * Every instrument POSTD records, declared once (architecture "Metric names"). Names are OpenTelemetry style
 * (dot-separated); Prometheus shows them with underscores (`publish.outcome` → `publish_outcome_total`,
 * `api.request.duration` → `api_request_duration_bucket`/`_sum`/`_count`).
 *
 * `labels` documents the intended label keys. Labels are low-cardinality: platform, route template, status,
 * outcome, error kind, queue, state. Never ids (post, tenant, connection…), URLs or free text; `tenant` only
 * where a deployment explicitly configures per-tenant series.
 */
export const metricDefinitions = {
  "api.request.duration": {
    type: "histogram",
    unit: "ms",
    description: "Time the gateway took to answer an HTTP request",
    labels: ["method", "route", "status"],
  },
  "api.publish.latency": {
    type: "histogram",
    unit: "ms",
    description: "Time the gateway took to accept POST /api/publish",
    labels: ["status"],
  },
  "publish.e2e.latency": {
    type: "histogram",
    unit: "ms",
    description: "Time from accepting a publish request to the post being published",
    labels: ["platform"],
  },
  "publish.outcome": {
    type: "counter",
    unit: "",
    description: "Publish attempts finished, by platform and outcome",
    labels: ["platform", "outcome"],
  },
  "publish.unconfirmed": {
    type: "counter",
    unit: "",
    description: "Publish targets whose outcome could not be confirmed (alert on any increase)",
    labels: ["platform"],
  },
  "connector.request.duration": {
    type: "histogram",
    unit: "ms",
    description: "Time of one call to a platform API",
    labels: ["platform", "operation", "outcome", "error"],
  },
  "rpc.request.duration": {
    type: "histogram",
    unit: "ms",
    description: "Time of one NATS request/reply, seen by the caller",
    labels: ["service", "verb", "outcome", "error"],
  },
  "queue.depth": {
    type: "gauge",
    unit: "{job}",
    description: "Jobs in a queue, by queue and state",
    labels: ["queue", "state"],
  },
  "queue.oldest_age": {
    type: "gauge",
    unit: "ms",
    description: "Age of the oldest job in a queue, by queue and state",
    labels: ["queue", "state"],
  },
  "token.refresh.outcome": {
    type: "counter",
    unit: "",
    description: "Token refreshes finished, by platform and outcome",
    labels: ["platform", "outcome"],
  },
  "health.check.outcome": {
    type: "counter",
    unit: "",
    description: "Connection health checks finished, by platform and outcome",
    labels: ["platform", "outcome"],
  },
  "outbox.lag": {
    type: "histogram",
    unit: "ms",
    description: "Time from an outbox row being written to its event being published",
    labels: ["stream"],
  },
  "token.expiring_soon": {
    type: "gauge",
    unit: "{connection}",
    description:
      "Connections whose token expires within 24 hours, by platform and whether a refresh is scheduled (health-service)",
    labels: ["platform", "refresh"],
  },
  "webhook.delivery.outcome": {
    type: "counter",
    unit: "",
    description: "Outgoing webhook attempts, by the delivery's outcome and the answer's status class",
    labels: ["outcome", "status_class"],
  },
  "webhook.delivery.duration": {
    type: "histogram",
    unit: "ms",
    description: "Time of one outgoing webhook attempt, until the receiver's answer or the failure",
    labels: ["outcome", "status_class"],
  },
} as const satisfies Record<string, MetricDefinition>;

export interface MetricDefinition {
  type: "counter" | "histogram" | "gauge";
  /** UCUM-style unit; every duration is `ms`. Empty for plain counts. */
  unit: string;
  description: string;
  labels: readonly string[];
}

type Definitions = typeof metricDefinitions;
export type MetricName = keyof Definitions;
type NamesOfType<Type extends MetricDefinition["type"]> = {
  [Name in MetricName]: Definitions[Name]["type"] extends Type ? Name : never;
}[MetricName];
export type CounterName = NamesOfType<"counter">;
export type HistogramName = NamesOfType<"histogram">;
export type GaugeName = NamesOfType<"gauge">;

export const metricNames = Object.keys(metricDefinitions) as MetricName[];

/** Bucket boundaries for every ms histogram: 1 ms to 30 s, dense where request latencies live. */
export const MS_BUCKETS: readonly number[] = [
  1, 2, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 30_000,
];

/** Label values as OpenTelemetry attributes; keep them low-cardinality (see `metricDefinitions`). */
export type MetricLabels = Readonly<Record<string, string | number | boolean>>;
