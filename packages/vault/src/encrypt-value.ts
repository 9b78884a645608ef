import { assertValueContext, type ValueContext } from "./aad";
import { sealValue } from "./value-cipher";
import type { VaultContext } from "./vault-context";
import { VaultError } from "./vault-error";

export interface EncryptInput extends ValueContext {
  plaintext: string;
}

/** Encrypts under the tenant's current data key; with the key cached this is one AES-GCM operation. */
export async function encryptValue(ctx: VaultContext, input: EncryptInput): Promise<string> {
  assertValueContext(input);
  if (typeof input.plaintext !== "string")
    throw new VaultError("invalid_input", "plaintext must be a string");
  const key = ctx.ring.cachedCurrent(input.tenantId) ?? (await ctx.ring.current(input.tenantId));
  return sealValue({ key, context: input, plaintext: input.plaintext });
}
