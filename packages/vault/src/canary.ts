import { timingSafeEqual } from "node:crypto";
import { buildCanaryAad } from "./aad";
import type { KeyProvider } from "./key-provider";
import { VaultError } from "./vault-error";
import { callKeyProvider, currentKekVersion } from "./wrap-data-key";

/** Text form: `vault-canary.v1.<master-key version>.<base64url of the wrapped known value>`. */
const CANARY_PREFIX = "vault-canary.v1.";
/** The known value: public, 32 bytes like a data key. Only the right master key unwraps it. */
const CANARY_VALUE = Buffer.from("postd vault canary: known value.", "utf8");

/** Wraps the known value under the provider's current master-key version. */
export async function createCanary(input: { keyProvider: KeyProvider }): Promise<string> {
  const kekVersion = await currentKekVersion(input.keyProvider);
  const wrapped = await callKeyProvider("wrap the canary", () =>
    input.keyProvider.wrap({ kekVersion, plaintextKey: CANARY_VALUE, aad: buildCanaryAad(kekVersion) }),
  );
  return `${CANARY_PREFIX}${kekVersion}.${Buffer.from(wrapped).toString("base64url")}`;
}

/** The master-key version a canary was made under. */
export function parseCanaryVersion(canary: string): number {
  return parseCanary(canary).kekVersion;
}

/**
 * Throws `wrong_master_key` unless the provider's key of the canary's version opens it to the known value. A
 * provider outage stays `key_provider_unavailable` (retry, do not conclude the key is wrong).
 */
export async function verifyCanary(input: {
  keyProvider: KeyProvider;
  canary: string;
}): Promise<{ kekVersion: number }> {
  const { kekVersion, wrapped } = parseCanary(input.canary);
  let opened: Uint8Array;
  try {
    opened = await callKeyProvider("unwrap the canary", () =>
      input.keyProvider.unwrap({ kekVersion, wrappedKey: wrapped, aad: buildCanaryAad(kekVersion) }),
    );
  } catch (error) {
    if (error instanceof VaultError && error.retryable) throw error;
    throw wrongMasterKey(kekVersion, error);
  }
  const matches = opened.length === CANARY_VALUE.length && timingSafeEqual(opened, CANARY_VALUE);
  if (!matches) throw wrongMasterKey(kekVersion, undefined);
  return { kekVersion };
}

function parseCanary(canary: string): { kekVersion: number; wrapped: Buffer } {
  const match =
    typeof canary === "string" ? /^vault-canary\.v1\.(\d{1,10})\.([A-Za-z0-9_-]+)$/.exec(canary) : null;
  const version = Number(match?.[1]);
  if (!match?.[2] || !Number.isSafeInteger(version) || version < 1) {
    throw new VaultError("unsupported_format", "the stored canary is not a vault canary");
  }
  return { kekVersion: version, wrapped: Buffer.from(match[2], "base64url") };
}

function wrongMasterKey(kekVersion: number, cause: unknown): VaultError {
  return new VaultError(
    "wrong_master_key",
    `the configured master key cannot open the canary made under master-key version ${kekVersion}: the secret is wrong or missing`,
    { cause },
  );
}
