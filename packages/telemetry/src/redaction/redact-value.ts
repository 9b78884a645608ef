import { scrubString } from "./scrub-string";
import { censorValue, isSensitiveKey } from "./sensitive-keys";
import { serializeError } from "./serialize-error";

const MAX_DEPTH = 24;
const CIRCULAR = "[Circular]";
const TRUNCATED = "[Truncated]";

/**
 * The one redaction rule, for logs, span attributes and error bodies. Walks any value, at any depth (objects,
 * arrays, Error fields and causes, values with `toJSON` such as URL), and returns it with:
 * - the value of every sensitive key (see `isSensitiveKey`) replaced by `"[REDACTED]"`;
 * - secrets embedded in strings (URL/form parameters, bearer credentials, JSON pairs) replaced in place;
 * - Errors turned into plain objects (`serializeError`), cycles into `"[Circular]"`, depth past 24 into
 *   `"[Truncated]"`.
 * Copy-on-write: the input is never mutated, and an input with nothing to redact is returned as is.
 */
export function redactValue<T>(value: T): T {
  return walk(value, new Set(), 0) as T;
}

function walk(value: unknown, path: Set<object>, depth: number): unknown {
  if (typeof value === "string") return scrubString(value);
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  if (path.has(value)) return CIRCULAR;
  if (depth >= MAX_DEPTH) return TRUNCATED;
  path.add(value);
  try {
    if (value instanceof Error) return walkObject(serializeError(value), path, depth);
    if (Array.isArray(value)) return walkArray(value, path, depth);
    if (hasToJson(value)) return walk(callToJson(value), path, depth + 1);
    return walkObject(value as Record<string, unknown>, path, depth);
  } finally {
    path.delete(value);
  }
}

function walkArray(items: readonly unknown[], path: Set<object>, depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let index = 0; index < items.length; index++) {
    const current = items[index];
    const next = walk(current, path, depth + 1);
    if (next !== current && copy === undefined) copy = items.slice();
    if (copy !== undefined) copy[index] = next;
  }
  return copy ?? (items as unknown[]);
}

function walkObject(
  object: Record<string, unknown>,
  path: Set<object>,
  depth: number,
): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const current = object[key];
    const next = isSensitiveKey(key) ? censorValue(key, current) : walk(current, path, depth + 1);
    if (next !== current && copy === undefined) copy = { ...object };
    if (copy !== undefined) copy[key] = next;
  }
  return copy ?? object;
}

function hasToJson(value: object): value is { toJSON: () => unknown } {
  return typeof (value as { toJSON?: unknown }).toJSON === "function";
}

function callToJson(value: { toJSON: () => unknown }): unknown {
  try {
    return value.toJSON();
  } catch {
    return TRUNCATED;
  }
}
