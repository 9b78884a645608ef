import type { Attributes } from "@opentelemetry/api";
import { DataPointType, type MetricData, type ResourceMetrics } from "@opentelemetry/sdk-metrics";
import type { MetricSnapshot } from "@postd/contracts";
import { estimatePercentiles } from "./percentiles";

/** Collected metrics as the `svc.<service>.metrics` RPC reports them: one entry per series. */
export function toMetricSnapshots(resourceMetrics: ResourceMetrics): MetricSnapshot[] {
  return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics.flatMap(toSnapshots));
}

function toSnapshots(metric: MetricData): MetricSnapshot[] {
  const name = metric.descriptor.name;
  switch (metric.dataPointType) {
    case DataPointType.SUM: {
      const type = metric.isMonotonic ? "counter" : "gauge";
      return metric.dataPoints.map((point) => ({
        name,
        type,
        value: point.value,
        labels: toLabels(point.attributes),
      }));
    }
    case DataPointType.GAUGE:
      return metric.dataPoints.map((point) => ({
        name,
        type: "gauge",
        value: point.value,
        labels: toLabels(point.attributes),
      }));
    case DataPointType.HISTOGRAM:
      return metric.dataPoints.map((point) => ({
        name,
        type: "histogram",
        count: point.value.count,
        sum: point.value.sum ?? 0,
        percentiles: estimatePercentiles(point.value),
        labels: toLabels(point.attributes),
      }));
    default:
      return [];
  }
}

function toLabels(attributes: Attributes): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) labels[key] = String(value);
  }
  return labels;
}
