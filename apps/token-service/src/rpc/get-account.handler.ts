import { GetAccount } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { getAccount } from "../accounts/get-account";
import { type ContextFor, measured } from "./rpc-support";

export function handleGetAccount(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetAccount, (request, { logger }) =>
    measured(GetAccount, () => getAccount(contextFor(logger), request)),
  );
}
