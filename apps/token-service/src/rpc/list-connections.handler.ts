import { ListConnections } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { listConnectionViews } from "../connections/connection-view";
import { type ContextFor, measured } from "./rpc-support";

export function handleListConnections(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(ListConnections, (request, { logger }) =>
    measured(ListConnections, () =>
      listConnectionViews(contextFor(logger).db, request).then((data) => ({ data })),
    ),
  );
}
