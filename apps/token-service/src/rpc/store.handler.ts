import { StoreConnection } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { storeConnection } from "../connections/store-connection";
import { type ContextFor, measured } from "./rpc-support";

export function handleStore(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(StoreConnection, (request, { logger }) =>
    measured(StoreConnection, () => storeConnection(contextFor(logger), request)),
  );
}
