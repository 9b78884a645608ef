import { GetPost } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { getPost } from "../posts/get-post";
import type { ContextFor } from "./context-for";

export function handleGetPost(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetPost, (request, { logger }) => getPost(contextFor(logger), request));
}
