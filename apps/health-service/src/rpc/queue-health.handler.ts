import { QueueHealth } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { QueueInspector } from "../queues/queue-inspector";

export function handleQueueHealth(rpc: RpcServer, inspector: QueueInspector): void {
  rpc.handle(QueueHealth, async () => ({ queues: await inspector.readAll() }));
}
