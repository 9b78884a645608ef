import { GetConnection } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { loadConnectionView } from "../connections/connection-view";
import { type ContextFor, measured } from "./rpc-support";

export function handleGetConnection(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetConnection, (request, { logger }) =>
    measured(GetConnection, () => loadConnectionView(contextFor(logger).db, request)),
  );
}
