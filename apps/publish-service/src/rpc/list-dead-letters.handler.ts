import { ListDeadLetters } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { listDeadLetters } from "../dead-letters/list-dead-letters";
import type { ContextFor } from "./context-for";

export function handleListDeadLetters(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(ListDeadLetters, (request, { logger }) => listDeadLetters(contextFor(logger), request));
}
