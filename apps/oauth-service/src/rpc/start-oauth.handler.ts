import { StartOAuth } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import type { OAuthContext } from "../oauth/context";
import { startOAuth } from "../oauth/start-oauth";

export function handleStartOAuth(
  rpc: RpcServer,
  contextFor: (logger: OAuthContext["logger"]) => OAuthContext,
) {
  rpc.handle(StartOAuth, (request, { logger }) => startOAuth(contextFor(logger), request));
}
