import { GetPostAnalytics } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { getPostAnalytics } from "../posts/post-analytics";
import type { ContextFor } from "./context-for";

export function handleGetPostAnalytics(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetPostAnalytics, (request, { logger }) => getPostAnalytics(contextFor(logger), request));
}
