import { ReplayDeadLetter } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { replayDeadLetter } from "../dead-letters/replay-dead-letter";
import type { ContextFor } from "./context-for";

export function handleReplayDeadLetter(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(ReplayDeadLetter, (request, { logger }) => replayDeadLetter(contextFor(logger), request));
}
