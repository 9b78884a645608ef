import { buildDataKeyAad } from "./aad";
import type { DataKeyRecord } from "./data-key-store";
import type { KeyProvider } from "./key-provider";
import { VaultError } from "./vault-error";

export const DATA_KEY_LENGTH = 32;

/** Wraps a data key under `kekVersion`, bound to its tenant and versions. */
export async function wrapDataKey(
  provider: KeyProvider,
  input: { tenantId: string; version: number; kekVersion: number; plaintextKey: Uint8Array },
): Promise<Uint8Array> {
  const aad = buildDataKeyAad(input);
  return callKeyProvider("wrap a data key", () =>
    provider.wrap({ kekVersion: input.kekVersion, plaintextKey: input.plaintextKey, aad }),
  );
}

/** Unwraps a stored data key; the caller wipes the result. */
export async function unwrapDataKey(provider: KeyProvider, record: DataKeyRecord): Promise<Buffer> {
  const aad = buildDataKeyAad(record);
  const key = await callKeyProvider("unwrap a data key", () =>
    provider.unwrap({ kekVersion: record.kekVersion, wrappedKey: record.wrappedKey, aad }),
  );
  const buffer = Buffer.from(key.buffer, key.byteOffset, key.byteLength);
  if (buffer.length !== DATA_KEY_LENGTH) {
    buffer.fill(0);
    throw new VaultError(
      "unsupported_format",
      `data key ${record.version} of tenant ${record.tenantId} unwrapped to ${buffer.length} bytes, not ${DATA_KEY_LENGTH}`,
    );
  }
  return buffer;
}

export async function currentKekVersion(provider: KeyProvider): Promise<number> {
  return callKeyProvider("name its current version", () => provider.currentVersion());
}

/** A provider's own VaultError passes through; anything else means the provider could not answer. */
export async function callKeyProvider<T>(action: string, run: () => T | Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof VaultError) throw error;
    throw new VaultError("key_provider_unavailable", `the key provider failed to ${action}`, {
      cause: error,
    });
  }
}
