import {
  createLocalKeyProvider,
  createVault,
  InMemoryDataKeyStore,
  type Vault,
  type VaultOptions,
} from "../../src/index";

/** Test master secrets (48 bytes each, as `openssl rand -base64 36` would give). Never used outside tests. */
export const secretA = "test-master-secret-A-0123456789abcdef0123456789ab";
export const secretB = "test-master-secret-B-0123456789abcdef0123456789ab";
export const secretC = "test-master-secret-C-0123456789abcdef0123456789ab";

export interface TestVault {
  vault: Vault;
  store: InMemoryDataKeyStore;
}

/** A vault over a fresh (or the given) in-memory store, master key version 1 = secretA unless told otherwise. */
export function makeVault(options: Partial<VaultOptions> & { store?: InMemoryDataKeyStore } = {}): TestVault {
  const store = options.store ?? new InMemoryDataKeyStore();
  const vault = createVault({
    keyProvider: createLocalKeyProvider({ secrets: { 1: secretA } }),
    ...options,
    dataKeyStore: store,
  });
  return { vault, store };
}

export const context = { tenantId: "ten_a", recordId: "con_1", field: "access_token" } as const;
