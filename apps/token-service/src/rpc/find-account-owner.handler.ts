import { FindAccountOwner } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { findAccountOwner } from "../accounts/find-account-owner";
import { type ContextFor, measured } from "./rpc-support";

export function handleFindAccountOwner(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(FindAccountOwner, (request, { logger }) =>
    measured(FindAccountOwner, () => findAccountOwner(contextFor(logger), request)),
  );
}
