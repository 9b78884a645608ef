import { RevokeConnection } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { revokeConnection } from "../connections/revoke-connection";
import { type ContextFor, measured } from "./rpc-support";

export function handleRevoke(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(RevokeConnection, (request, context) =>
    measured(RevokeConnection, () =>
      revokeConnection(contextFor(context.logger), { ...request, requestId: context.requestId }),
    ),
  );
}
