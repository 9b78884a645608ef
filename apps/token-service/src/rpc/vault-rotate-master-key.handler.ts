import { VaultRotateMasterKey } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { rotateMasterKey } from "../vault/vault-operations";
import { measured, type VaultContextFor } from "./rpc-support";

export function handleVaultRotateMasterKey(rpc: RpcServer, contextFor: VaultContextFor): void {
  rpc.handle(VaultRotateMasterKey, (request, { logger }) =>
    measured(VaultRotateMasterKey, () => rotateMasterKey(contextFor(logger), request)),
  );
}
