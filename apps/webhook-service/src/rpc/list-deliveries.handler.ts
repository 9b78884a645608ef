import { ListWebhookDeliveries } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { listDeliveries } from "../deliveries/list-deliveries";

export function handleListWebhookDeliveries(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(ListWebhookDeliveries, (request, { logger }) => listDeliveries(contextFor(logger), request));
}
