import { ListPosts } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { listPosts } from "../posts/list-posts";
import type { ContextFor } from "./context-for";

export function handleListPosts(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(ListPosts, (request, { logger }) => listPosts(contextFor(logger), request));
}
