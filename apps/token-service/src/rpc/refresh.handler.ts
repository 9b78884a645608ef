import { RefreshConnection } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { refreshNow } from "../connections/refresh-now";
import { type ContextFor, measured } from "./rpc-support";

export function handleRefresh(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(RefreshConnection, (request, { logger }) =>
    measured(RefreshConnection, () => refreshNow(contextFor(logger), request)),
  );
}
