import type { GetWebhookEndpoint, RpcRequest, RpcResponse } from "@postd/contracts";
import type { WebhookContext } from "../context";
import { endpointView } from "./endpoint-view";
import { findEndpoint } from "./find-endpoint";

export async function getEndpoint(
  ctx: WebhookContext,
  input: RpcRequest<typeof GetWebhookEndpoint>,
): Promise<RpcResponse<typeof GetWebhookEndpoint>> {
  return endpointView(await findEndpoint(ctx.db, input), ctx.now());
}
