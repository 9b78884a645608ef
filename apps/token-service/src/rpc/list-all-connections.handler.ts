import { ListAllConnections } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { listAllConnections } from "../connections/list-all-connections";
import { type ContextFor, measured } from "./rpc-support";

export function handleListAllConnections(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(ListAllConnections, (request, { logger }) =>
    measured(ListAllConnections, () => listAllConnections(contextFor(logger), request)),
  );
}
