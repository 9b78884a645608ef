import { VaultRewrapSecrets } from "@postd/contracts";
import type { RpcServer } from "@postd/service-kit";
import { rewrapSecrets } from "../vault/vault-operations";
import { measured, type VaultContextFor } from "./rpc-support";

export function handleVaultRewrapSecrets(rpc: RpcServer, contextFor: VaultContextFor): void {
  rpc.handle(VaultRewrapSecrets, (request, { logger }) =>
    measured(VaultRewrapSecrets, () => rewrapSecrets(contextFor(logger), request)),
  );
}
