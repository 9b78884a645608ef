import {
  type Counter,
  diag,
  type Histogram,
  type Meter,
  type MeterProvider,
  metrics,
  type ObservableGauge,
} from "@opentelemetry/api";
import {
  type CounterName,
  type GaugeName,
  type HistogramName,
  type MetricLabels,
  MS_BUCKETS,
  metricDefinitions,
} from "./metric-definitions";

export interface GaugePoint {
  value: number;
  labels?: MetricLabels;
}
export type GaugeCallback = () => readonly GaugePoint[] | Promise<readonly GaugePoint[]>;

/** The meter name every POSTD instrument lives under (Prometheus `otel_scope_name`). */
const METER_NAME = "postd";

/** Instruments bound to one meter provider; rebuilt when the global provider changes (init, shutdown). */
interface BoundInstruments {
  provider: MeterProvider;
  meter: Meter;
  counters: Map<CounterName, Counter>;
  histograms: Map<HistogramName, Histogram>;
  gauges: Map<GaugeName, ObservableGauge>;
}

let bound: BoundInstruments | undefined;
const gaugeCallbacks = new Map<GaugeName, Set<GaugeCallback>>();

/**
 * The OpenTelemetry API has no proxy meter: an instrument made before `initTelemetry` stays a no-op forever.
 * So instruments are looked up through the current global provider and rebuilt when it changes.
 */
function instruments(): BoundInstruments {
  const provider = metrics.getMeterProvider();
  if (bound?.provider === provider) return bound;
  bound = {
    provider,
    meter: provider.getMeter(METER_NAME),
    counters: new Map(),
    histograms: new Map(),
    gauges: new Map(),
  };
  for (const name of gaugeCallbacks.keys()) gauge(name);
  return bound;
}

/** Called by `initTelemetry` and its shutdown so observable gauges move to the new provider at once. */
export function rebindInstruments(): void {
  instruments();
}

export function counter(name: CounterName): Counter {
  const current = instruments();
  let instrument = current.counters.get(name);
  if (instrument === undefined) {
    const { description, unit } = metricDefinitions[name];
    instrument = current.meter.createCounter(name, { description, unit });
    current.counters.set(name, instrument);
  }
  return instrument;
}

export function histogram(name: HistogramName): Histogram {
  const current = instruments();
  let instrument = current.histograms.get(name);
  if (instrument === undefined) {
    const { description, unit } = metricDefinitions[name];
    instrument = current.meter.createHistogram(name, {
      description,
      unit,
      advice: { explicitBucketBoundaries: [...MS_BUCKETS] },
    });
    current.histograms.set(name, instrument);
  }
  return instrument;
}

function gauge(name: GaugeName): ObservableGauge {
  const current = instruments();
  let instrument = current.gauges.get(name);
  if (instrument === undefined) {
    const { description, unit } = metricDefinitions[name];
    instrument = current.meter.createObservableGauge(name, { description, unit });
    instrument.addCallback(async (result) => {
      for (const callback of gaugeCallbacks.get(name) ?? []) {
        try {
          for (const point of await callback()) result.observe(point.value, point.labels);
        } catch (error) {
          diag.error(`gauge ${name}: callback failed`, error);
        }
      }
    });
    current.gauges.set(name, instrument);
  }
  return instrument;
}

export function addGaugeCallback(name: GaugeName, callback: GaugeCallback): () => void {
  let callbacks = gaugeCallbacks.get(name);
  if (callbacks === undefined) {
    callbacks = new Set();
    gaugeCallbacks.set(name, callbacks);
  }
  callbacks.add(callback);
  gauge(name);
  return () => {
    callbacks.delete(callback);
  };
}
