import { scaleMs } from "@postd/service-kit";
import {
  createDrizzleCanaryStore,
  createDrizzleDataKeyStore,
  type KeyProvider,
  type MasterKeyCheck,
  openVault,
  type Vault,
} from "@postd/vault";
import { vaultCanary, vaultDataKeys } from "../db/schema";
import type { TokenDatabase } from "../db/token-database";
import { keyProviderFromConfig, type MasterKeyConfig } from "./master-secrets";

export interface TokenVault {
  vault: Vault;
  keyProvider: KeyProvider;
  masterKey: MasterKeyCheck;
}

/**
 * Opens the vault over the token schema at start-up: verifies the configured master key against the stored
 * canary (and a data key wrapped under another version, mid-rotation). Throws `wrong_master_key` when the key is
 * not the one the data was written under: the process must not serve.
 */
export async function openTokenVault(input: {
  db: TokenDatabase;
  config: MasterKeyConfig & { TOKEN_VAULT_KEY_CACHE_TTL_SECONDS: number; TIME_SCALE: number };
}): Promise<TokenVault> {
  const keyProvider = keyProviderFromConfig(input.config);
  const { vault, masterKey } = await openVault({
    keyProvider,
    dataKeyStore: createDrizzleDataKeyStore(input.db, { vaultDataKeys, vaultCanary }),
    canaryStore: createDrizzleCanaryStore(input.db, { vaultDataKeys, vaultCanary }),
    currentVersionTtlMs: Math.max(
      1,
      scaleMs(input.config.TOKEN_VAULT_KEY_CACHE_TTL_SECONDS * 1_000, input.config.TIME_SCALE),
    ),
  });
  return { vault, keyProvider, masterKey };
}
