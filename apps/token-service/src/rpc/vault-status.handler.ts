import { VaultStatus } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { vaultStatus } from "../vault/vault-operations";
import { measured, type VaultContextFor } from "./rpc-support";

export function handleVaultStatus(rpc: RpcServer, contextFor: VaultContextFor): void {
  rpc.handle(VaultStatus, (_request, { logger }) =>
    measured(VaultStatus, () => vaultStatus(contextFor(logger))),
  );
}
