import { CheckConnectionHealth } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { Queue, QueueEvents } from "bullmq";
import { checkNow } from "../checks/check-now";
import type { CheckJobData } from "../jobs/check.job";

export function handleCheckConnection(
  rpc: RpcServer,
  deps: { queue: Queue<CheckJobData>; events: QueueEvents; timeoutMs: number },
): void {
  rpc.handle(CheckConnectionHealth, (request) => checkNow(deps, request));
}
