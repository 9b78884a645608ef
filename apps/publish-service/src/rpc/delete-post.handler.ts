import { DeletePost } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { deletePost } from "../posts/delete-post";
import type { ContextFor } from "./context-for";

export function handleDeletePost(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(DeletePost, (request, { logger }) => deletePost(contextFor(logger), request));
}
