import { z } from "zod";

/**
 * The closed set of reasons the vault refuses. None of them carries plaintext, key material or ciphertext; the
 * message names versions and ids only, so a VaultError is safe to log.
 */
export const VaultErrorCode = z.enum([
  /** Options or secrets are unusable (missing, too short, bad version numbers). A start-up fault. */
  "invalid_config",
  /** The caller passed something unusable: empty tenant/record/field, an id too long, a non-string plaintext. */
  "invalid_input",
  /** Not a vault ciphertext: unknown prefix or format version, bad encoding, too short. */
  "unsupported_format",
  /** The ciphertext names a data-key (or master-key) version that does not exist. */
  "unknown_key_version",
  /** The data-key version is below the configured minimum: the operator retired it. */
  "key_version_retired",
  /** Authentication failed: tampered bytes, or a value moved to another tenant, record or field. */
  "decrypt_failed",
  /** The configured master key cannot open what the store holds (canary or a wrapped data key). */
  "wrong_master_key",
  /** The key provider (KMS) failed for a reason other than a bad key; may succeed later. */
  "key_provider_unavailable",
]);
export type VaultErrorCode = z.infer<typeof VaultErrorCode>;

export interface VaultErrorOptions {
  cause?: unknown;
}

/** Every refusal of the vault. Decryption never returns partial plaintext: it returns all of it or throws this. */
export class VaultError extends Error {
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string, options: VaultErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "VaultError";
    this.code = code;
  }

  /** Only a key provider outage may go away by itself; every other code needs a change of data or config. */
  get retryable(): boolean {
    return this.code === "key_provider_unavailable";
  }
}

export function isVaultError(error: unknown): error is VaultError {
  return error instanceof VaultError;
}
