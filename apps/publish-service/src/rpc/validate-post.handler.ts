import { ValidatePost } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { validatePost } from "../posts/validate-post";
import type { ContextFor } from "./context-for";

export function handleValidatePost(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(ValidatePost, (request, { logger }) => validatePost(contextFor(logger), request));
}
