import type { RpcServer } from "@postd/service-kit";
import { handleAccountOptions } from "./account-options.handler";
import { handleFindAccountOwner } from "./find-account-owner.handler";
import { handleGetAccessToken } from "./get-access-token.handler";
import { handleGetAccount } from "./get-account.handler";
import { handleGetAccounts } from "./get-accounts.handler";
import { handleGetConnection } from "./get-connection.handler";
import { handleGetWebhookSecret } from "./get-webhook-secret.handler";
import { handleListAllConnections } from "./list-all-connections.handler";
import { handleListConnections } from "./list-connections.handler";
import { handleRefresh } from "./refresh.handler";
import { handleReportAuthFailure } from "./report-auth-failure.handler";
import { handleRevoke } from "./revoke.handler";
import type { ContextFor, VaultContextFor } from "./rpc-support";
import { handleStore } from "./store.handler";
import { handleVaultRewrapSecrets } from "./vault-rewrap-secrets.handler";
import { handleVaultRotateDataKeys } from "./vault-rotate-data-keys.handler";
import { handleVaultRotateMasterKey } from "./vault-rotate-master-key.handler";
import { handleVaultStatus } from "./vault-status.handler";

/** Registers every `svc.token.*` verb. */
export function registerTokenRpcs(
  rpc: RpcServer,
  contextFor: ContextFor,
  vaultContextFor: VaultContextFor,
): void {
  handleStore(rpc, contextFor);
  handleGetAccessToken(rpc, contextFor);
  handleRefresh(rpc, contextFor);
  handleRevoke(rpc, contextFor);
  handleListConnections(rpc, contextFor);
  handleListAllConnections(rpc, contextFor);
  handleGetConnection(rpc, contextFor);
  handleGetWebhookSecret(rpc, contextFor);
  handleGetAccount(rpc, contextFor);
  handleGetAccounts(rpc, contextFor);
  handleAccountOptions(rpc, contextFor);
  handleFindAccountOwner(rpc, contextFor);
  handleReportAuthFailure(rpc, contextFor);
  handleVaultStatus(rpc, vaultContextFor);
  handleVaultRotateMasterKey(rpc, vaultContextFor);
  handleVaultRotateDataKeys(rpc, vaultContextFor);
  handleVaultRewrapSecrets(rpc, vaultContextFor);
}
