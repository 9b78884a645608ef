import { ListWebhookEndpoints } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { listEndpoints } from "../endpoints/list-endpoints";

export function handleListWebhookEndpoints(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(ListWebhookEndpoints, (request, { logger }) => listEndpoints(contextFor(logger), request));
}
