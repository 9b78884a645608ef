import { ReplayWebhookDelivery } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { replayDelivery } from "../deliveries/replay-delivery";

export function handleReplayWebhookDelivery(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(ReplayWebhookDelivery, (request, { logger }) => replayDelivery(contextFor(logger), request));
}
