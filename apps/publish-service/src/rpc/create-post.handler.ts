import { CreatePost } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { createPost } from "../posts/create-post";
import type { ContextFor } from "./context-for";

export function handleCreatePost(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(CreatePost, (request, { logger }) => createPost(contextFor(logger), request));
}
