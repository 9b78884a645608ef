import { VaultError } from "./vault-error";

/**
 * Format 1 of a stored value, as bytes (integers big-endian):
 *
 *   offset 0        1                  5            17           33
 *          | format | data-key version | nonce (12) | tag (16)   | ciphertext (n) |
 *          | 0x01   | uint32           | random     | GCM tag    | AES-256-GCM    |
 *
 * and as text: `v1.` followed by the bytes in unpadded base64url. The fixed part (header, nonce, tag) is 33 bytes,
 * a multiple of 3, so it is exactly the first 44 characters and the ciphertext's characters follow on their own:
 * the header reads from 8 characters and the ciphertext decodes straight into the decipher. The header's fields are
 * in the additional authenticated data, so changing any header bit fails authentication.
 */
export const FORMAT_VERSION = 1;
export const TEXT_PREFIX = "v1.";
export const HEADER_LENGTH = 5;
export const DATA_KEY_VERSION_OFFSET = 1;
export const NONCE_OFFSET = HEADER_LENGTH;
export const NONCE_LENGTH = 12;
export const TAG_OFFSET = NONCE_OFFSET + NONCE_LENGTH;
export const TAG_LENGTH = 16;
export const BODY_OFFSET = TAG_OFFSET + TAG_LENGTH;
/** Characters of the fixed part (33 bytes) after the text prefix. */
export const FIXED_TEXT_LENGTH = (BODY_OFFSET / 3) * 4;
export const BODY_TEXT_OFFSET = TEXT_PREFIX.length + FIXED_TEXT_LENGTH;
export const MAX_KEY_VERSION = 0xffff_ffff;

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/** base64url value by ASCII code, -1 for anything outside the alphabet. */
const VALUES = Int8Array.from({ length: 128 }, (_, code) => ALPHABET.indexOf(String.fromCharCode(code)));

export interface CiphertextHeader {
  formatVersion: number;
  dataKeyVersion: number;
}

/** Writes the header of format 1 at the start of `target`. */
export function writeHeader(target: Buffer, dataKeyVersion: number): void {
  target[0] = FORMAT_VERSION;
  target.writeUInt32BE(dataKeyVersion, DATA_KEY_VERSION_OFFSET);
}

/**
 * Checks the whole text strictly — only the base64url alphabet, no padding, canonical last character — and
 * decodes the fixed part (header, nonce, tag) into `into` (or a new buffer). Node's decoder alone would skip stray
 * characters, read `+`, `/` and some non-ASCII characters as letters and ignore unused bits, so two texts could
 * open as one. The checks reject exactly what a `/^[A-Za-z0-9_-]*$/` test would, in a fraction of the time: ASCII
 * only, no `+` or `/`, and any other stray character shows as decoded bytes short of what the length implies
 * (the caller checks the ciphertext's length with `ciphertextLength`).
 */
export function decodeFixedPart(text: string, options: { into?: Buffer } = {}): Buffer {
  if (typeof text !== "string" || !text.startsWith(TEXT_PREFIX)) throw unsupportedPrefix(text);
  const valid =
    text.length >= BODY_TEXT_OFFSET &&
    (text.length - TEXT_PREFIX.length) % 4 !== 1 &&
    Buffer.byteLength(text, "utf8") === text.length &&
    text.indexOf("+") === -1 &&
    text.indexOf("/") === -1 &&
    hasCanonicalTail(text);
  const fixed = options.into ?? Buffer.allocUnsafe(BODY_OFFSET);
  if (!valid || !decodeFixedCharacters(text, fixed)) throw notBase64Url();
  if (fixed[0] !== FORMAT_VERSION) {
    throw new VaultError("unsupported_format", `ciphertext format version ${fixed[0]} is not supported`);
  }
  return fixed;
}

/**
 * Decodes the 44 characters of the fixed part into the first 33 bytes of `target`, in plain JavaScript (cheaper
 * than a native call for so few). False if any character is outside the alphabet.
 */
function decodeFixedCharacters(text: string, target: Buffer): boolean {
  let invalid = 0;
  let out = 0;
  for (let i = TEXT_PREFIX.length; i < BODY_TEXT_OFFSET; i += 4) {
    const a = base64UrlValue(text.charCodeAt(i));
    const b = base64UrlValue(text.charCodeAt(i + 1));
    const c = base64UrlValue(text.charCodeAt(i + 2));
    const d = base64UrlValue(text.charCodeAt(i + 3));
    invalid |= a | b | c | d;
    const bits = (a << 18) | (b << 12) | (c << 6) | d;
    target[out++] = (bits >>> 16) & 0xff;
    target[out++] = (bits >>> 8) & 0xff;
    target[out++] = bits & 0xff;
  }
  return invalid >= 0;
}

function base64UrlValue(code: number): number {
  return code < 128 ? (VALUES[code] ?? -1) : -1;
}

/** Bytes the ciphertext characters of a checked text must decode to. */
export function ciphertextLength(text: string): number {
  return Math.floor(((text.length - BODY_TEXT_OFFSET) * 3) / 4);
}

/** The whole value as bytes (checked like `decodeFixedPart`). */
export function decodeCiphertext(text: string): Buffer {
  decodeFixedPart(text);
  const sealed = Buffer.from(text.slice(TEXT_PREFIX.length), "base64url");
  // the fixed part was checked character by character; the rest shows stray characters as missing bytes
  if (sealed.length !== BODY_OFFSET + ciphertextLength(text)) throw notBase64Url();
  return sealed;
}

/** The format and data-key version of a stored value, for reporting rows per key version. Verifies nothing else. */
export function parseCiphertextHeader(text: string): CiphertextHeader {
  const sealed = decodeCiphertext(text);
  return { formatVersion: FORMAT_VERSION, dataKeyVersion: sealed.readUInt32BE(DATA_KEY_VERSION_OFFSET) };
}

export function notBase64Url(): VaultError {
  return new VaultError(
    "unsupported_format",
    "the ciphertext is not valid unpadded base64url of a vault value",
  );
}

/** The last character of unpadded base64 may carry unused low bits; they must be zero. */
function hasCanonicalTail(text: string): boolean {
  const rest = (text.length - TEXT_PREFIX.length) % 4;
  if (rest === 0) return true;
  const value = base64UrlValue(text.charCodeAt(text.length - 1));
  const unusedBits = rest === 2 ? 0b1111 : 0b11;
  return value >= 0 && (value & unusedBits) === 0;
}

/** Never echoes the text: a misfiled plaintext token must not reach a log through an error message. */
function unsupportedPrefix(text: unknown): VaultError {
  if (typeof text !== "string") return new VaultError("unsupported_format", "the ciphertext is not a string");
  const version = /^v(\d{1,6})\./.exec(text)?.[1];
  return version === undefined
    ? new VaultError("unsupported_format", `not a vault ciphertext (expected the ${TEXT_PREFIX} prefix)`)
    : new VaultError("unsupported_format", `ciphertext format version ${version} is not supported`);
}
