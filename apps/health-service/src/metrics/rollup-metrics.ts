import type { NatsConnection } from "@nats-io/nats-core";
import { type ErrorRate, type MetricSnapshot, metricsRpc, type NatsNamespace } from "@postd/contracts";
import { discoverServices, type RpcClient } from "@postd/service-kit";
import { displayName } from "../system/check-services";

export interface MetricsRollupDeps {
  nc: NatsConnection;
  ns: NatsNamespace;
  rpc: RpcClient;
  /** services asked even when discovery misses them (they then count as missing) */
  expectedServices: readonly string[];
  timeoutMs: number;
}

export interface MetricsRollupResult {
  metrics: MetricSnapshot[];
  errorRates: ErrorRate[];
  services: { answered: string[]; missing: string[] };
}

/**
 * `svc.health.metrics-rollup`: asks every service (expected or discovered) for its `svc.<service>.metrics`
 * snapshot at once and merges them, each series labelled with `service`. One replica answers per service (the
 * queue group), so per-replica totals are Prometheus's job; this is the quick look an operator asks for.
 */
export async function rollupMetrics(deps: MetricsRollupDeps): Promise<MetricsRollupResult> {
  const discovered = await discoverServices(deps.nc, deps.ns, { waitMs: Math.min(1_000, deps.timeoutMs) });
  const names = new Set(deps.expectedServices);
  for (const instance of discovered)
    names.add(deps.ns.prefix ? instance.name.slice(deps.ns.prefix.length + 1) : instance.name);
  const answers = await Promise.all(
    [...names].sort().map(async (service) => {
      try {
        const snapshot = await deps.rpc.call(metricsRpc(service), {}, { timeoutMs: deps.timeoutMs });
        return { service, metrics: snapshot.metrics };
      } catch {
        return { service, metrics: null };
      }
    }),
  );
  const metrics = answers.flatMap(({ service, metrics: series }) =>
    (series ?? []).map((metric) => ({
      ...metric,
      labels: { ...metric.labels, service: displayName(service) },
    })),
  );
  return {
    metrics,
    errorRates: errorRatesOf(metrics),
    services: {
      answered: answers
        .filter((answer) => answer.metrics !== null)
        .map((answer) => displayName(answer.service)),
      missing: answers
        .filter((answer) => answer.metrics === null)
        .map((answer) => displayName(answer.service)),
    },
  };
}

/**
 * Per histogram with an `outcome` label: the share of recorded calls whose outcome is `error`, summed over the
 * `outcome` and `error` labels (so `rpc.request.duration` gives one rate per service and verb).
 */
export function errorRatesOf(metrics: readonly MetricSnapshot[]): ErrorRate[] {
  const groups = new Map<string, ErrorRate>();
  for (const metric of metrics) {
    if (metric.type !== "histogram" || metric.labels.outcome === undefined) continue;
    const { outcome, error: _error, ...labels } = metric.labels;
    const key = `${metric.name}|${JSON.stringify(Object.entries(labels).sort())}`;
    const group = groups.get(key) ?? { name: metric.name, labels, total: 0, errors: 0, rate: 0 };
    group.total += metric.count ?? 0;
    if (outcome === "error") group.errors += metric.count ?? 0;
    group.rate = group.total === 0 ? 0 : group.errors / group.total;
    groups.set(key, group);
  }
  return [...groups.values()];
}
