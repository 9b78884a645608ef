import { addGaugeCallback, type GaugeCallback } from "./instruments";
import type { GaugeName } from "./metric-definitions";

export type { GaugeCallback, GaugePoint } from "./instruments";

/**
 * Registers a callback that reports the current values of a gauge each time metrics are collected (a
 * Prometheus scrape, a snapshot, an OTLP export). Returns a function that removes it. Registering before
 * `initTelemetry` is fine: the gauge moves to the real provider when it is set up.
 */
export function observeGauge(name: GaugeName, callback: GaugeCallback): () => void {
  return addGaugeCallback(name, callback);
}
