import { MetricsRollup } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { type MetricsRollupDeps, rollupMetrics } from "../metrics/rollup-metrics";

export function handleMetricsRollup(rpc: RpcServer, deps: MetricsRollupDeps): void {
  rpc.handle(MetricsRollup, () => rollupMetrics(deps));
}
