import { UpdateWebhookEndpoint } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { updateEndpoint } from "../endpoints/update-endpoint";

export function handleUpdateWebhookEndpoint(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(UpdateWebhookEndpoint, (request, { logger }) => updateEndpoint(contextFor(logger), request));
}
