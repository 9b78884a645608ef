/**
 * Where the master key (key-encryption key, KEK) lives. The vault never sees it: it hands a provider a data key to
 * wrap or a wrapped data key to unwrap, naming the master-key version, plus AAD the provider must bind (as AES-GCM
 * AAD, KMS encryption context, or Vault transit `context`).
 *
 * - `LocalKeyProvider` derives keys from secrets in config (this package).
 * - AWS KMS: one key ARN or alias per version, `Encrypt`/`Decrypt` with the AAD as encryption context.
 * - GCP KMS: `encrypt`/`decrypt` with `additionalAuthenticatedData`; one CryptoKey per version, or the version id.
 * - Vault transit: `encrypt`/`decrypt` with `context`; the transit key version maps to `kekVersion`.
 *
 * Errors: throw `VaultError("wrong_master_key")` when a wrapped key does not authenticate and
 * `VaultError("unknown_key_version")` for a version the provider does not know. Anything else thrown is taken as
 * the provider being unavailable (`key_provider_unavailable`, retryable).
 */
export interface KeyProvider {
  /** The master-key version new data keys are wrapped under. */
  currentVersion(): number | Promise<number>;
  wrap(input: WrapKeyInput): Promise<Uint8Array>;
  /** Returns the 32-byte data key; the vault wipes the returned buffer after use. */
  unwrap(input: UnwrapKeyInput): Promise<Uint8Array>;
}

export interface WrapKeyInput {
  kekVersion: number;
  plaintextKey: Uint8Array;
  aad: Uint8Array;
}

export interface UnwrapKeyInput {
  kekVersion: number;
  wrappedKey: Uint8Array;
  aad: Uint8Array;
}
