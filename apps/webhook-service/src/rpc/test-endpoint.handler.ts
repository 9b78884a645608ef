import { TestWebhookEndpoint } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { sendTestPing } from "../deliveries/send-test-ping";

export function handleTestWebhookEndpoint(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(TestWebhookEndpoint, (request, { logger }) => sendTestPing(contextFor(logger), request));
}
