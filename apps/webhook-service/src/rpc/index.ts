import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { handleCreateWebhookEndpoint } from "./create-endpoint.handler";
import { handleDeleteWebhookEndpoint } from "./delete-endpoint.handler";
import { handleGetWebhookEndpoint } from "./get-endpoint.handler";
import { handleListWebhookDeliveries } from "./list-deliveries.handler";
import { handleListWebhookEndpoints } from "./list-endpoints.handler";
import { handleReplayWebhookDelivery } from "./replay-delivery.handler";
import { handleRotateWebhookSecret } from "./rotate-secret.handler";
import { handleTestWebhookEndpoint } from "./test-endpoint.handler";
import { handleUpdateWebhookEndpoint } from "./update-endpoint.handler";

/** Every `svc.webhook.*` verb, each with a context carrying the request's logger. */
export function registerWebhookRpcs(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
): void {
  for (const handle of [
    handleCreateWebhookEndpoint,
    handleListWebhookEndpoints,
    handleGetWebhookEndpoint,
    handleUpdateWebhookEndpoint,
    handleDeleteWebhookEndpoint,
    handleRotateWebhookSecret,
    handleTestWebhookEndpoint,
    handleListWebhookDeliveries,
    handleReplayWebhookDelivery,
  ]) {
    handle(rpc, contextFor);
  }
}
