import { OTLPMetricExporter } from "@opentelemetry/exporter-metrics-otlp-http";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { type IMetricReader, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";

export interface ExporterOptions {
  otlpEndpoint?: string;
  otlpExportIntervalMs?: number;
  spanExporter?: SpanExporter;
}

/** Default OTLP metric push interval: often enough for dashboards, rare enough to stay cheap. */
const DEFAULT_EXPORT_INTERVAL_MS = 15_000;

/** OTLP/HTTP traces to `<endpoint>/v1/traces` (batched) and a test exporter when given (exported at once). */
export function createSpanProcessors(options: ExporterOptions): SpanProcessor[] {
  const processors: SpanProcessor[] = [];
  if (options.otlpEndpoint !== undefined) {
    const url = otlpUrl(options.otlpEndpoint, "v1/traces");
    processors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url })));
  }
  if (options.spanExporter !== undefined) processors.push(new SimpleSpanProcessor(options.spanExporter));
  return processors;
}

/** OTLP/HTTP metrics pushed to `<endpoint>/v1/metrics` (cumulative) when an endpoint is configured. */
export function createOtlpMetricReaders(options: ExporterOptions): IMetricReader[] {
  if (options.otlpEndpoint === undefined) return [];
  const exporter = new OTLPMetricExporter({ url: otlpUrl(options.otlpEndpoint, "v1/metrics") });
  const exportIntervalMillis = options.otlpExportIntervalMs ?? DEFAULT_EXPORT_INTERVAL_MS;
  return [new PeriodicExportingMetricReader({ exporter, exportIntervalMillis })];
}

function otlpUrl(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, "")}/${path}`;
}
