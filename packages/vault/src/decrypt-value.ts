import { assertValueContext, type ValueContext } from "./aad";
import { DATA_KEY_VERSION_OFFSET, decodeFixedPart } from "./ciphertext-format";
import { openValue } from "./value-cipher";
import type { VaultContext } from "./vault-context";
import { VaultError } from "./vault-error";

export interface DecryptInput extends ValueContext {
  ciphertext: string;
}

/** Reused for the fixed part on the hot path; see the scratch buffers in value-cipher. */
const fixedScratch = Buffer.allocUnsafeSlow(64);

/**
 * Decrypts a value stored at (tenantId, recordId, field). Returns the whole plaintext or throws a VaultError:
 * `unsupported_format`, `unknown_key_version`, `key_version_retired`, `decrypt_failed`, `wrong_master_key`.
 */
export async function decryptValue(ctx: VaultContext, input: DecryptInput): Promise<string> {
  assertValueContext(input);
  const minimum = ctx.minimumVersion(input.tenantId); // caller code: runs before the scratch buffer is filled
  const fixed = decodeFixedPart(input.ciphertext, { into: fixedScratch });
  const version = fixed.readUInt32BE(DATA_KEY_VERSION_OFFSET);
  if (version < minimum) {
    throw new VaultError(
      "key_version_retired",
      `data key version ${version} of tenant ${input.tenantId} is retired (minimum ${minimum})`,
    );
  }
  const cached = ctx.ring.cachedVersion(input.tenantId, version);
  if (cached !== undefined) return openValue({ key: cached, context: input, fixed, text: input.ciphertext });
  const owned = Buffer.from(fixed); // the scratch buffer is not ours across the await
  const key = await ctx.ring.version(input.tenantId, version);
  return openValue({ key, context: input, fixed: owned, text: input.ciphertext });
}
