import { counter, histogram } from "./instruments";
import {
  type CounterName,
  type HistogramName,
  type MetricLabels,
  metricDefinitions,
} from "./metric-definitions";

/**
 * Adds `value` to a counter or records it in a histogram, as the name's definition says. Gauges are observed
 * (`observeGauge`), not recorded. A no-op until `initTelemetry` has registered a meter provider.
 */
export function recordMetric(name: CounterName | HistogramName, value: number, labels?: MetricLabels): void {
  const definition = metricDefinitions[name];
  switch (definition?.type) {
    case "counter":
      counter(name as CounterName).add(value, labels);
      return;
    case "histogram":
      histogram(name as HistogramName).record(value, labels);
      return;
    default:
      throw new Error(`recordMetric: "${String(name)}" is not a declared counter or histogram`);
  }
}
