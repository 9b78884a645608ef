import { GetAccessToken } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { getAccessToken } from "../tokens/get-access-token";
import { accessOf, type ContextFor, measured } from "./rpc-support";

export function handleGetAccessToken(rpc: RpcServer, contextFor: ContextFor): void {
  rpc.handle(GetAccessToken, (request, context) =>
    measured(GetAccessToken, () =>
      getAccessToken(contextFor(context.logger), { ...request, access: accessOf(context) }),
    ),
  );
}
