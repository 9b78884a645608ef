import { GetAccounts } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { findAccountDetails } from "../accounts/account-details";
import { type ContextFor, measured } from "./rpc-support";

export function handleGetAccounts(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetAccounts, (request, { logger }) =>
    measured(GetAccounts, () =>
      findAccountDetails(contextFor(logger).db, request).then((data) => ({ data })),
    ),
  );
}
