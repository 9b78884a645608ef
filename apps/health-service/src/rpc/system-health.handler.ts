import { SystemHealth } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { checkSystem, type SystemHealthDeps } from "../system/check-system";

export function handleSystemHealth(rpc: RpcServer, deps: SystemHealthDeps): void {
  rpc.handle(SystemHealth, () => checkSystem(deps));
}
