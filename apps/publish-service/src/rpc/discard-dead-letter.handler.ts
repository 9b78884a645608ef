import { DiscardDeadLetter } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { discardDeadLetter } from "../dead-letters/discard-dead-letter";
import type { ContextFor } from "./context-for";

export function handleDiscardDeadLetter(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(DiscardDeadLetter, (request, { logger }) => discardDeadLetter(contextFor(logger), request));
}
