import type { HistogramName, MetricLabels } from "./metric-definitions";
import { recordMetric } from "./record-metric";

/**
 * Runs `fn`, records its duration in ms in the histogram `name` with `labels` plus `outcome` (`success` or
 * `error`) and, on failure, `error` (the error's kind), then returns its result or rethrows its error.
 */
export async function measureLatency<T>(
  name: HistogramName,
  labels: MetricLabels,
  fn: () => T | Promise<T>,
): Promise<Awaited<T>> {
  const startedAt = performance.now();
  try {
    const result = await fn();
    recordMetric(name, performance.now() - startedAt, { ...labels, outcome: "success" });
    return result;
  } catch (error) {
    recordMetric(name, performance.now() - startedAt, {
      ...labels,
      outcome: "error",
      error: errorKind(error),
    });
    throw error;
  }
}

const SYMBOLIC = /^[A-Za-z][\w.-]{0,39}$/;

/**
 * A low-cardinality name for an error: its `code` when symbolic (`RATE_LIMITED`, `ECONNREFUSED`), else its
 * class name (`TimeoutError`), else `unknown`. Never the message.
 */
export function errorKind(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && SYMBOLIC.test(code)) return code;
    const name = error.constructor?.name;
    if (typeof name === "string" && SYMBOLIC.test(name)) return name;
  }
  return "unknown";
}
