import { RotateWebhookSecret } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { rotateSecret } from "../endpoints/rotate-secret";

export function handleRotateWebhookSecret(
  rpc: RpcServer,
  contextFor: (logger: WebhookContext["logger"]) => WebhookContext,
) {
  rpc.handle(RotateWebhookSecret, (request, { logger }) => rotateSecret(contextFor(logger), request));
}
