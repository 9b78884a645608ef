import { UpdatePost } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { updatePost } from "../posts/update-post";
import type { ContextFor } from "./context-for";

export function handleUpdatePost(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(UpdatePost, (request, { logger }) => updatePost(contextFor(logger), request));
}
