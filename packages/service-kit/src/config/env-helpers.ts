import { envValue, type ParsedEnv } from "./env-value";

interface WithDefault<T> {
  /** the value when the variable is unset or blank; without it the variable is required */
  default?: T;
}

function fallbackOf<T>(value: T | undefined): (() => T) | undefined {
  return value === undefined ? undefined : () => value;
}

const truthy = new Set(["true", "1", "yes"]);
const falsy = new Set(["false", "0", "no"]);

/**
 * A flag: exactly `true`/`false`/`1`/`0`/`yes`/`no` (any case). Anything else is an error, never a silent `true`
 * (`z.coerce.boolean()` turns `"false"` into `true`).
 */
export function envBoolean(options: WithDefault<boolean> = {}) {
  return envValue(
    (raw): ParsedEnv<boolean> => {
      const value = raw.toLowerCase();
      if (truthy.has(value)) return { ok: true, value: true };
      if (falsy.has(value)) return { ok: true, value: false };
      return { ok: false, expected: "one of true, false, 1, 0, yes, no" };
    },
    { fallback: fallbackOf(options.default), echo: "value" },
  );
}

export interface NumberRange extends WithDefault<number> {
  /** smallest accepted value, inclusive */
  min?: number;
  /** largest accepted value, inclusive */
  max?: number;
}

function describeRange(what: string, { min, max }: NumberRange): string {
  if (min !== undefined && max !== undefined) return `${what} between ${min} and ${max}`;
  if (min !== undefined) return `${what} of at least ${min}`;
  if (max !== undefined) return `${what} of at most ${max}`;
  return what;
}

function inRange(value: number, { min, max }: NumberRange): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

/** A whole number in `[min, max]` (decimal digits only: `"1e3"`, `"0x10"` and `"12abc"` are refused). */
export function envInteger(options: NumberRange = {}) {
  const expected = describeRange("an integer", options);
  return envValue(
    (raw): ParsedEnv<number> => {
      const value = /^[-+]?\d+$/.test(raw) ? Number(raw) : Number.NaN;
      return Number.isSafeInteger(value) && inRange(value, options)
        ? { ok: true, value }
        : { ok: false, expected };
    },
    { fallback: fallbackOf(options.default), echo: "value" },
  );
}

/** A decimal number in `[min, max]`, e.g. a time scale of `0.01`. */
export function envNumber(options: NumberRange = {}) {
  const expected = describeRange("a number", options);
  return envValue(
    (raw): ParsedEnv<number> => {
      const value = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(raw) ? Number(raw) : Number.NaN;
      return Number.isFinite(value) && inRange(value, options)
        ? { ok: true, value }
        : { ok: false, expected };
    },
    { fallback: fallbackOf(options.default), echo: "value" },
  );
}

/** One of a fixed set of words, compared exactly. */
export function envEnum<const V extends readonly [string, ...string[]]>(
  values: V,
  options: WithDefault<V[number]> = {},
) {
  const expected = `one of ${values.join(", ")}`;
  return envValue(
    (raw): ParsedEnv<V[number]> => {
      const value = values.find((candidate) => candidate === raw);
      return value === undefined ? { ok: false, expected } : { ok: true, value };
    },
    { fallback: fallbackOf(options.default), echo: "value" },
  );
}

export interface StringOptions extends WithDefault<string> {
  /** the whole value must match */
  pattern?: RegExp;
  /** what the pattern means, for the error message (`"letters, digits and _"`) */
  expected?: string;
}

/** Free text, optionally held to a pattern. */
export function envString(options: StringOptions = {}) {
  const expected = options.expected ?? (options.pattern ? `a value matching ${options.pattern}` : "a value");
  return envValue(
    (raw): ParsedEnv<string> =>
      !options.pattern || options.pattern.test(raw) ? { ok: true, value: raw } : { ok: false, expected },
    { fallback: fallbackOf(options.default), echo: "value" },
  );
}

export interface UrlOptions extends WithDefault<string> {
  /** accepted schemes, with or without the colon: `["postgres", "postgresql"]` */
  protocols: readonly string[];
}

/** An absolute URL with one of the given schemes; passwords in it are masked in error messages. */
export function envUrl(options: UrlOptions) {
  const protocols = options.protocols.map((protocol) => protocol.replace(/:$/, "").toLowerCase());
  const expected = `a URL starting with ${protocols.map((p) => `${p}://`).join(" or ")}`;
  return envValue(
    (raw): ParsedEnv<string> => {
      if (!URL.canParse(raw)) return { ok: false, expected };
      const protocol = new URL(raw).protocol.replace(/:$/, "");
      return protocols.includes(protocol) ? { ok: true, value: raw } : { ok: false, expected };
    },
    { fallback: fallbackOf(options.default), echo: "redacted-url" },
  );
}

/** A comma-separated list; items are trimmed and empty items dropped (`"a, b,"` → `["a", "b"]`). */
export function envList(options: WithDefault<readonly string[]> = {}) {
  const fallback = options.default;
  return envValue(
    (raw): ParsedEnv<string[]> => ({
      ok: true,
      value: raw
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== ""),
    }),
    { fallback: fallback === undefined ? undefined : () => [...fallback], echo: "value" },
  );
}

export interface SecretOptions {
  /** the least number of bytes the secret must hold once decoded */
  minBytes: number;
  /** how the value is written; its decoded length is what `minBytes` measures. Default `utf8`. */
  encoding?: "utf8" | "base64" | "hex";
}

const encodedForms = { base64: /^[A-Za-z0-9+/_-]+={0,2}$/, hex: /^(?:[0-9a-fA-F]{2})+$/ } as const;

/** A secret: required (no default on purpose), long enough, and never quoted back in an error message. */
export function envSecret(options: SecretOptions) {
  const encoding = options.encoding ?? "utf8";
  const expected = `a ${encoding === "utf8" ? "" : `${encoding}-encoded `}secret of at least ${options.minBytes} bytes`;
  return envValue(
    (raw): ParsedEnv<string> => {
      if (encoding !== "utf8" && !encodedForms[encoding].test(raw)) return { ok: false, expected };
      const bytes = Buffer.byteLength(raw, encoding);
      return bytes >= options.minBytes
        ? { ok: true, value: raw }
        : { ok: false, expected: `${expected} (it has ${bytes})` };
    },
    { fallback: undefined, echo: "never" },
  );
}
