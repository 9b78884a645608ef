import { GetAccountOptions } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { getAccountOptions } from "../accounts/get-account-options";
import { accessOf, type ContextFor, measured } from "./rpc-support";

export function handleAccountOptions(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetAccountOptions, (request, context) =>
    measured(GetAccountOptions, () =>
      getAccountOptions(contextFor(context.logger), { ...request, access: accessOf(context) }),
    ),
  );
}
