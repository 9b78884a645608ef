import { GetWebhookSecret } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { getWebhookSecret } from "../connections/get-webhook-secret";
import { accessOf, type ContextFor, measured } from "./rpc-support";

export function handleGetWebhookSecret(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetWebhookSecret, (request, context) =>
    measured(GetWebhookSecret, () =>
      getWebhookSecret(contextFor(context.logger), { ...request, access: accessOf(context) }),
    ),
  );
}
