import { GetWebhookEndpoint } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { getEndpoint } from "../endpoints/get-endpoint";

export function handleGetWebhookEndpoint(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(GetWebhookEndpoint, (request, { logger }) => getEndpoint(contextFor(logger), request));
}
