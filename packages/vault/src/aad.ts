import { FORMAT_VERSION, MAX_KEY_VERSION } from "./ciphertext-format";
import { VaultError } from "./vault-error";

/** Where a value lives. The three together are bound into its ciphertext: a value copied anywhere else fails. */
export interface ValueContext {
  tenantId: string;
  /** The row the value belongs to, e.g. the connection id. */
  recordId: string;
  /** The column or attribute, e.g. `access_token`. */
  field: string;
}

/** Ids longer than this (in UTF-16 code units) are a bug at the caller. */
export const MAX_CONTEXT_LENGTH = 1024;

const DATA_KEY_LABEL = Buffer.from("postd/vault/data-key/v1", "utf8");
const CANARY_LABEL = Buffer.from("postd/vault/canary/v1", "utf8");

/** Refuses an empty, over-long or non-string id before any key is looked up. */
export function assertValueContext(context: ValueContext): void {
  assertContextPart(context.tenantId, "tenantId");
  assertContextPart(context.recordId, "recordId");
  assertContextPart(context.field, "field");
}

/**
 * AAD of a value: the UTF-8 bytes of
 *
 *   <format> "." <data-key version> "." <n> "." <tenantId> <m> "." <recordId> <k> "." <field>
 *
 * numbers in decimal, n/m/k the lengths of the ids in UTF-16 code units (so ("ab","c") and ("a","bc") differ).
 * The header's two fields are in it, so changing any header bit fails authentication. Call `assertValueContext`
 * first.
 */
export function buildValueAadText(context: ValueContext, dataKeyVersion: number): string {
  const { tenantId, recordId, field } = context;
  return `${FORMAT_VERSION}.${dataKeyVersion}.${tenantId.length}.${tenantId}${recordId.length}.${recordId}${field.length}.${field}`;
}

/** Writes the AAD's UTF-8 bytes into `target` (no allocation) and returns their length. */
export function writeValueAad(target: Buffer, context: ValueContext, dataKeyVersion: number): number {
  const text = buildValueAadText(context, dataKeyVersion);
  if (text.length * 3 > target.length) throw new VaultError("invalid_input", "the ids are too long");
  return target.write(text, 0, "utf8");
}

/** AAD of a wrapped data key: `label | u16 len | tenantId | u32 data-key version | u32 master-key version`. */
export function buildDataKeyAad(input: { tenantId: string; version: number; kekVersion: number }): Buffer {
  assertContextPart(input.tenantId, "tenantId");
  const tenantLength = Buffer.byteLength(input.tenantId, "utf8");
  const aad = Buffer.allocUnsafe(DATA_KEY_LABEL.length + 2 + tenantLength + 8);
  DATA_KEY_LABEL.copy(aad, 0);
  let offset = writeLengthPrefixed(aad, DATA_KEY_LABEL.length, input.tenantId, tenantLength);
  offset = aad.writeUInt32BE(assertKeyVersion(input.version, "data-key version"), offset);
  aad.writeUInt32BE(assertKeyVersion(input.kekVersion, "master-key version"), offset);
  return aad;
}

/** AAD of the canary: `label | u32 master-key version`. */
export function buildCanaryAad(kekVersion: number): Buffer {
  const aad = Buffer.allocUnsafe(CANARY_LABEL.length + 4);
  CANARY_LABEL.copy(aad, 0);
  aad.writeUInt32BE(assertKeyVersion(kekVersion, "master-key version"), CANARY_LABEL.length);
  return aad;
}

export function assertKeyVersion(version: unknown, what: string): number {
  if (typeof version !== "number" || !Number.isInteger(version) || version < 1 || version > MAX_KEY_VERSION) {
    throw new VaultError("invalid_input", `${what} must be an integer from 1 to ${MAX_KEY_VERSION}`);
  }
  return version;
}

function assertContextPart(value: unknown, name: string): void {
  if (typeof value !== "string" || value.length === 0 || value.length > MAX_CONTEXT_LENGTH) {
    throw new VaultError(
      "invalid_input",
      `${name} must be a string of 1 to ${MAX_CONTEXT_LENGTH} characters`,
    );
  }
}

function writeLengthPrefixed(target: Buffer, offset: number, value: string, length: number): number {
  target.writeUInt16BE(length, offset);
  target.write(value, offset + 2, length, "utf8");
  return offset + 2 + length;
}
