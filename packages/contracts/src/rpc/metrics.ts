import { z } from "zod";
import { defineRpc } from "../rpc";

export const MetricSnapshot = z.object({
  name: z.string(),
  type: z.enum(["counter", "gauge", "histogram"]),
  /** counters and gauges */
  value: z.number().optional(),
  /** histograms: count, sum and percentiles estimated from the buckets */
  count: z.number().optional(),
  sum: z.number().optional(),
  percentiles: z.object({ p50: z.number(), p90: z.number(), p99: z.number() }).optional(),
  labels: z.record(z.string(), z.string()),
});
export type MetricSnapshot = z.infer<typeof MetricSnapshot>;

export const MetricsSnapshotResponse = z.object({
  service: z.string(),
  instanceId: z.string(),
  metrics: z.array(MetricSnapshot),
});
export type MetricsSnapshotResponse = z.infer<typeof MetricsSnapshotResponse>;

/** Every service answers `svc.<service>.metrics` with a snapshot of its metrics. */
export function metricsRpc(service: string) {
  return defineRpc({
    service,
    verb: "metrics",
    request: z.object({}).default({}),
    response: MetricsSnapshotResponse,
    defaultTimeoutMs: 2_000,
  });
}
