import { CreateWebhookEndpoint } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { createEndpoint } from "../endpoints/create-endpoint";

export function handleCreateWebhookEndpoint(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(CreateWebhookEndpoint, (request, { logger }) => createEndpoint(contextFor(logger), request));
}
