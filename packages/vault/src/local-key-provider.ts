import { createCipheriv, createDecipheriv, createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { assertKeyVersion } from "./aad";
import type { KeyProvider, UnwrapKeyInput, WrapKeyInput } from "./key-provider";
import { nonces } from "./nonce-pool";
import { VaultError } from "./vault-error";

/** A master secret shorter than this is refused: 32 bytes is the AES-256 key size. */
export const MIN_MASTER_SECRET_BYTES = 32;

export interface LocalKeyProviderOptions {
  /**
   * Master secrets by master-key version, e.g. `{ 1: oldSecret, 2: newSecret }`. A string counts by its UTF-8
   * bytes. Generate one with `openssl rand -base64 48`.
   */
  secrets: Readonly<Record<number, string | Uint8Array>>;
  /** The version new data keys are wrapped under; defaults to the highest configured. */
  currentVersion?: number;
}

const ALGORITHM = "aes-256-gcm";
const WRAP_FORMAT = 1;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
const HKDF_SALT = Buffer.from("postd/vault/kek-salt/v1", "utf8");

/**
 * A key provider for master secrets held in config (`TOKEN_VAULT_MASTER_SECRET`). Each version's KEK is
 * HKDF-SHA256(secret, salt, "postd/vault/kek/v<version>"); a data key is wrapped with AES-256-GCM under it as
 * `0x01 | nonce (12) | encrypted key | tag (16)`. Throws `invalid_config` for a missing or short secret.
 */
export function createLocalKeyProvider(options: LocalKeyProviderOptions): KeyProvider {
  const keys = deriveKeys(options.secrets);
  const versions = [...keys.keys()];
  const currentVersion = options.currentVersion ?? Math.max(...versions);
  if (!keys.has(currentVersion)) {
    throw new VaultError(
      "invalid_config",
      `current master-key version ${currentVersion} has no secret (configured: ${versions.join(", ")})`,
    );
  }
  const keyFor = (version: number): KeyObject => {
    const key = keys.get(version);
    if (!key) throw new VaultError("unknown_key_version", `master-key version ${version} is not configured`);
    return key;
  };
  return {
    currentVersion: () => currentVersion,
    wrap: async (input) => wrapKey(keyFor(input.kekVersion), input),
    unwrap: async (input) => unwrapKey(keyFor(input.kekVersion), input),
  };
}

function deriveKeys(secrets: LocalKeyProviderOptions["secrets"]): Map<number, KeyObject> {
  const entries = Object.entries(secrets ?? {});
  if (entries.length === 0) throw new VaultError("invalid_config", "no master secret is configured");
  const keys = new Map<number, KeyObject>();
  for (const [name, secret] of entries) {
    const version = parseVersion(name);
    keys.set(version, deriveKey(version, secret));
  }
  return keys;
}

function parseVersion(name: string): number {
  const version = /^\d+$/.test(name) ? Number(name) : Number.NaN;
  try {
    return assertKeyVersion(version, "master-key version");
  } catch (error) {
    throw new VaultError("invalid_config", `master-key version "${name}" is not an integer from 1`, {
      cause: error,
    });
  }
}

function deriveKey(version: number, secret: string | Uint8Array | undefined): KeyObject {
  if (typeof secret !== "string" && !(secret instanceof Uint8Array)) {
    throw new VaultError("invalid_config", `master secret version ${version} is missing`);
  }
  const material = typeof secret === "string" ? Buffer.from(secret, "utf8") : Buffer.from(secret);
  try {
    if (material.length < MIN_MASTER_SECRET_BYTES) {
      throw new VaultError(
        "invalid_config",
        `master secret version ${version} is ${material.length} bytes; at least ${MIN_MASTER_SECRET_BYTES} are required`,
      );
    }
    const info = Buffer.from(`postd/vault/kek/v${version}`, "utf8");
    const derived = Buffer.from(hkdfSync("sha256", material, HKDF_SALT, info, 32));
    const key = createSecretKey(derived);
    derived.fill(0);
    return key;
  } finally {
    material.fill(0);
  }
}

function wrapKey(kek: KeyObject, input: WrapKeyInput): Uint8Array {
  const wrapped = Buffer.allocUnsafe(1 + NONCE_LENGTH + input.plaintextKey.length + TAG_LENGTH);
  wrapped[0] = WRAP_FORMAT;
  nonces.writeNonce(wrapped, 1);
  const cipher = createCipheriv(ALGORITHM, kek, wrapped.subarray(1, 1 + NONCE_LENGTH), {
    authTagLength: TAG_LENGTH,
  });
  cipher.setAAD(input.aad);
  cipher.update(input.plaintextKey).copy(wrapped, 1 + NONCE_LENGTH);
  cipher.final();
  cipher.getAuthTag().copy(wrapped, wrapped.length - TAG_LENGTH);
  return wrapped;
}

function unwrapKey(kek: KeyObject, input: UnwrapKeyInput): Uint8Array {
  const wrapped = Buffer.from(
    input.wrappedKey.buffer,
    input.wrappedKey.byteOffset,
    input.wrappedKey.byteLength,
  );
  if (wrapped.length <= 1 + NONCE_LENGTH + TAG_LENGTH || wrapped[0] !== WRAP_FORMAT) {
    throw new VaultError("unsupported_format", "the wrapped data key is not in the local provider's format");
  }
  const decipher = createDecipheriv(ALGORITHM, kek, wrapped.subarray(1, 1 + NONCE_LENGTH), {
    authTagLength: TAG_LENGTH,
  });
  decipher.setAAD(input.aad);
  decipher.setAuthTag(wrapped.subarray(wrapped.length - TAG_LENGTH));
  const key = decipher.update(wrapped.subarray(1 + NONCE_LENGTH, wrapped.length - TAG_LENGTH));
  try {
    decipher.final();
  } catch (error) {
    key.fill(0);
    throw new VaultError(
      "wrong_master_key",
      `master-key version ${input.kekVersion} cannot unwrap this key: wrong secret, or the wrapped key was altered`,
      { cause: error },
    );
  }
  return key;
}
