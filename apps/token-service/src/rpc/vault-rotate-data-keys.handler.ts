import { VaultRotateDataKeys } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { rotateDataKeys } from "../vault/vault-operations";
import { measured, type VaultContextFor } from "./rpc-support";

export function handleVaultRotateDataKeys(rpc: RpcServer, contextFor: VaultContextFor): void {
  rpc.handle(VaultRotateDataKeys, (request, { logger }) =>
    measured(VaultRotateDataKeys, () => rotateDataKeys(contextFor(logger), request)),
  );
}
