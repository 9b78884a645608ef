import { DeleteWebhookEndpoint } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { deleteEndpoint } from "../endpoints/delete-endpoint";

export function handleDeleteWebhookEndpoint(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(DeleteWebhookEndpoint, (request, { logger }) => deleteEndpoint(contextFor(logger), request));
}
