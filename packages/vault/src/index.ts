export type { ValueContext } from "./aad";
export { MAX_CONTEXT_LENGTH } from "./aad";
export { createCanary, verifyCanary } from "./canary";
export { type CanaryStore, InMemoryCanaryStore } from "./canary-store";
export { type CiphertextHeader, parseCiphertextHeader } from "./ciphertext-format";
export type {
  DataKeyCursor,
  DataKeyRecord,
  DataKeyStore,
  KekVersionCount,
  ListDataKeysInput,
  ReplaceWrappedKeyInput,
} from "./data-key-store";
export type { DecryptInput } from "./decrypt-value";
export * from "./drizzle/index";
export type { EncryptInput } from "./encrypt-value";
export { InMemoryDataKeyStore } from "./in-memory-data-key-store";
export type { KeyProvider, UnwrapKeyInput, WrapKeyInput } from "./key-provider";
export {
  createLocalKeyProvider,
  type LocalKeyProviderOptions,
  MIN_MASTER_SECRET_BYTES,
} from "./local-key-provider";
export type { RewrapDataKeysOptions, RewrapDataKeysReport } from "./rewrap-data-keys";
export type { RewrapValuesOptions, RewrapValuesReport } from "./rewrap-values";
export type { DataKeyVersionCount, EncryptedValueRow, ValueSource } from "./value-source";
export { createVault, type OpenedVault, openVault, type Vault, type VaultOptions } from "./vault";
export { isVaultError, VaultError, VaultErrorCode, type VaultErrorOptions } from "./vault-error";
export { type MasterKeyCheck, type VerifyMasterKeyInput, verifyMasterKey } from "./verify-master-key";
