import { CompleteOAuth } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { completeOAuth } from "../oauth/complete-oauth";
import type { OAuthContext } from "../oauth/context";

export function handleCompleteOAuth(
  rpc: RpcServer,
  contextFor: (logger: OAuthContext["logger"]) => OAuthContext,
) {
  rpc.handle(CompleteOAuth, (request, { logger }) => completeOAuth(contextFor(logger), request));
}
