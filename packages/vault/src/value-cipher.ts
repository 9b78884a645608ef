import { createCipheriv, createDecipheriv, type KeyObject } from "node:crypto";
import { type ValueContext, writeValueAad } from "./aad";
import {
  BODY_OFFSET,
  BODY_TEXT_OFFSET,
  ciphertextLength,
  NONCE_OFFSET,
  notBase64Url,
  TAG_LENGTH,
  TAG_OFFSET,
  TEXT_PREFIX,
  writeHeader,
} from "./ciphertext-format";
import { nonces } from "./nonce-pool";
import { VaultError } from "./vault-error";

const ALGORITHM = "aes-256-gcm";
const GCM_OPTIONS = { authTagLength: TAG_LENGTH } as const;
const SCRATCH_BYTES = 64 * 1024;

/**
 * Buffers reused by every operation for bytes that are public (ciphertext, AAD) and live only inside one
 * synchronous step: written, handed to node:crypto (which copies or consumes them at once), dropped — never
 * across an await, so concurrent operations cannot see each other's bytes. They spare allocations per call.
 */
const sealScratch = Buffer.allocUnsafeSlow(SCRATCH_BYTES);
const aadScratch = Buffer.allocUnsafeSlow(16 * 1024);

/** An unwrapped data key, ready for AES-GCM. */
export interface DataKey {
  version: number;
  key: KeyObject;
}

/**
 * Encrypts one value under `key`: the hot path, one AES-GCM operation written into a reused buffer and encoded
 * once. The context must have passed `assertValueContext`.
 */
export function sealValue(input: { key: DataKey; context: ValueContext; plaintext: string }): string {
  const { key } = input;
  const sealed = sealScratch;
  writeHeader(sealed, key.version);
  nonces.writeNonce(sealed, NONCE_OFFSET);
  const cipher = createCipheriv(ALGORITHM, key.key, sealed.subarray(NONCE_OFFSET, TAG_OFFSET), GCM_OPTIONS);
  cipher.setAAD(aadScratch.subarray(0, writeValueAad(aadScratch, input.context, key.version)));
  const body = cipher.update(input.plaintext, "utf8");
  cipher.final();
  const tag = cipher.getAuthTag();
  const length = BODY_OFFSET + body.length;
  if (length > sealed.length) {
    return TEXT_PREFIX + Buffer.concat([sealed.subarray(0, TAG_OFFSET), tag, body]).toString("base64url");
  }
  tag.copy(sealed, TAG_OFFSET);
  body.copy(sealed, BODY_OFFSET);
  return TEXT_PREFIX + sealed.toString("base64url", 0, length);
}

/**
 * Decrypts one value: `fixed` is its decoded header, nonce and tag (`decodeFixedPart`), `text` the whole checked
 * text, whose ciphertext characters the decipher decodes itself. Authentication is checked before any plaintext
 * leaves: on failure the decrypted buffer is wiped and a VaultError thrown.
 */
export function openValue(input: {
  key: DataKey;
  context: ValueContext;
  fixed: Buffer;
  text: string;
}): string {
  const { key, fixed } = input;
  const decipher = createDecipheriv(
    ALGORITHM,
    key.key,
    fixed.subarray(NONCE_OFFSET, TAG_OFFSET),
    GCM_OPTIONS,
  );
  decipher.setAAD(aadScratch.subarray(0, writeValueAad(aadScratch, input.context, key.version)));
  decipher.setAuthTag(fixed.subarray(TAG_OFFSET, BODY_OFFSET));
  const plaintext = decipher.update(input.text.slice(BODY_TEXT_OFFSET), "base64url");
  try {
    // fewer bytes than the text's length implies: a character the decoder skipped
    if (plaintext.length !== ciphertextLength(input.text)) throw notBase64Url();
    decipher.final();
  } catch (error) {
    plaintext.fill(0);
    if (error instanceof VaultError) throw error;
    throw new VaultError(
      "decrypt_failed",
      "the value failed authentication: it was altered, or belongs to another tenant, record or field",
      { cause: error },
    );
  }
  const text = plaintext.toString("utf8");
  plaintext.fill(0);
  return text;
}
