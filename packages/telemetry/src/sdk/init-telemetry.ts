import { hostname } from "node:os";
import { context, DiagLogLevel, diag, metrics, propagation, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from "@opentelemetry/core";
import { PrometheusExporter, PrometheusSerializer } from "@opentelemetry/exporter-prometheus";
import { defaultResource, resourceFromAttributes } from "@opentelemetry/resources";
import { type IMetricReader, MeterProvider } from "@opentelemetry/sdk-metrics";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { ATTR_SERVICE_NAME, ATTR_SERVICE_VERSION } from "@opentelemetry/semantic-conventions";
import type { MetricSnapshot } from "@postd/contracts";
import type { Logger } from "pino";
import { rebindInstruments } from "../metrics/instruments";
import { createDiagLogger } from "./diag-logger";
import { createOtlpMetricReaders, createSpanProcessors } from "./exporters";
import { toMetricSnapshots } from "./metric-snapshot";

export interface InitTelemetryOptions {
  serviceName: string;
  serviceVersion?: string;
  /** `service.instance.id`; default `<hostname>-<pid>`. */
  instanceId?: string;
  /** `OTEL_EXPORTER_OTLP_ENDPOINT` (e.g. `http://datadog-agent:4318`); unset means no OTLP export. */
  otlpEndpoint?: string;
  /** How often metrics are pushed over OTLP; default 15 s. */
  otlpExportIntervalMs?: number;
  /** Extra span exporter, exported synchronously (tests pass an InMemorySpanExporter). */
  spanExporter?: SpanExporter;
  /** Extra metric readers (tests, or another push exporter). */
  metricReaders?: IMetricReader[];
  /** Receives the SDK's own warnings and errors (failed exports); silent when absent. */
  logger?: Logger;
}

export interface Telemetry {
  readonly serviceName: string;
  readonly instanceId: string;
  /** Prometheus text exposition of every metric, for the app's internal `/metrics` route. */
  metricsText(): Promise<{ contentType: string; body: string }>;
  /** Every series now, for the `svc.<service>.metrics` RPC. */
  snapshot(): Promise<MetricSnapshot[]>;
  /** Flushes spans and metrics, then unregisters everything. Safe to call more than once. */
  shutdown(): Promise<void>;
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

let active: Telemetry | undefined;

/**
 * Sets up tracing and metrics for this process: registers the global tracer provider, meter provider,
 * AsyncLocalStorage context manager and W3C propagator (trace context + baggage). Call it once, first thing in
 * `main.ts`, and `shutdown()` last. A second call before `shutdown()` throws: the OpenTelemetry globals can be
 * registered only once, and a silent second registration would leave spans going nowhere.
 */
export function initTelemetry(options: InitTelemetryOptions): Telemetry {
  if (active !== undefined) {
    throw new Error(`initTelemetry: already initialized for ${active.serviceName}; call shutdown() first`);
  }
  if (options.logger !== undefined) diag.setLogger(createDiagLogger(options.logger), DiagLogLevel.WARN);
  const instanceId = options.instanceId ?? `${hostname()}-${process.pid}`;
  const resource = defaultResource().merge(
    resourceFromAttributes({
      [ATTR_SERVICE_NAME]: options.serviceName,
      "service.instance.id": instanceId,
      ...(options.serviceVersion === undefined ? {} : { [ATTR_SERVICE_VERSION]: options.serviceVersion }),
    }),
  );

  const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: createSpanProcessors(options) });
  tracerProvider.register({
    contextManager: new AsyncLocalStorageContextManager(),
    propagator: new CompositePropagator({
      propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()],
    }),
  });

  const prometheus = new PrometheusExporter({ preventServerStart: true });
  const serializer = new PrometheusSerializer();
  const readers = [prometheus, ...createOtlpMetricReaders(options), ...(options.metricReaders ?? [])];
  const meterProvider = new MeterProvider({ resource, readers });
  metrics.setGlobalMeterProvider(meterProvider);
  rebindInstruments();

  let stopping: Promise<void> | undefined;
  const telemetry: Telemetry = {
    serviceName: options.serviceName,
    instanceId,
    async metricsText() {
      const { resourceMetrics, errors } = await prometheus.collect();
      if (errors.length > 0) diag.warn("metrics collection had errors", ...errors);
      return { contentType: PROMETHEUS_CONTENT_TYPE, body: serializer.serialize(resourceMetrics) };
    },
    async snapshot() {
      const { resourceMetrics } = await prometheus.collect();
      return toMetricSnapshots(resourceMetrics);
    },
    shutdown() {
      stopping ??= stop(tracerProvider, meterProvider).finally(() => {
        if (active === telemetry) active = undefined;
      });
      return stopping;
    },
  };
  active = telemetry;
  return telemetry;
}

async function stop(tracerProvider: NodeTracerProvider, meterProvider: MeterProvider): Promise<void> {
  try {
    const results = await Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]);
    for (const result of results) {
      if (result.status === "rejected") diag.error("telemetry shutdown failed", result.reason);
    }
  } finally {
    trace.disable();
    metrics.disable();
    propagation.disable();
    context.disable();
    diag.disable();
    rebindInstruments();
  }
}
