export { type Attributes, type Context, type Span, SpanKind, SpanStatusCode } from "@opentelemetry/api";
export {
  type CreateLoggerOptions,
  createLogger,
  type DestinationStream,
  type LevelWithSilent,
  type Logger,
} from "./logger/create-logger";
export { errorKind, measureLatency } from "./metrics/measure-latency";
export {
  type CounterName,
  type GaugeName,
  type HistogramName,
  type MetricDefinition,
  type MetricLabels,
  type MetricName,
  MS_BUCKETS,
  metricDefinitions,
  metricNames,
} from "./metrics/metric-definitions";
export { type GaugeCallback, type GaugePoint, observeGauge } from "./metrics/observe-gauge";
export { type ConnectorRequestObservation, recordConnectorRequest } from "./metrics/record-connector-request";
export { recordMetric } from "./metrics/record-metric";
export { contextFromJobData, TRACE_FIELD, type TracedJobData, withTraceData } from "./propagation/job-data";
export {
  extractNatsHeaders,
  injectNatsHeaders,
  natsHeadersGetter,
  natsHeadersSetter,
} from "./propagation/nats-headers";
export {
  extractTraceContext,
  injectTraceContext,
  runWithContext,
  type TraceCarrier,
} from "./propagation/trace-context";
export { traceJob } from "./propagation/trace-job";
export { redactValue } from "./redaction/redact-value";
export { scrubString } from "./redaction/scrub-string";
export { isSensitiveKey, REDACTED } from "./redaction/sensitive-keys";
export { serializeError } from "./redaction/serialize-error";
export {
  type InitTelemetryOptions,
  initTelemetry,
  PROMETHEUS_CONTENT_TYPE,
  type Telemetry,
} from "./sdk/init-telemetry";
export { redactAttributes } from "./tracing/redact-attributes";
export { type RemoteSpan, startRemoteSpan } from "./tracing/start-remote-span";
export { type ConnectorRequestTraceInfo, traceConnectorRequest } from "./tracing/trace-connector-request";
export { getTracer } from "./tracing/tracer";
export { markFailed, type WithSpanOptions, withSpan } from "./tracing/with-span";
