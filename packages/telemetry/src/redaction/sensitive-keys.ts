/** What every redacted value is replaced with, in logs, span attributes and error bodies. */
export const REDACTED = "[REDACTED]";

/**
 * A key is sensitive when its name contains one of these fragments (any casing, any separator), or is exactly
 * `code` (an OAuth authorization code). `client_secret`, `access_token`, `refresh_token`, `set-cookie`,
 * `proxy-authorization`, `x-api-key`, `dbPassword`, `code_verifier` all fall under a fragment.
 */
const SENSITIVE_KEY =
  /token|secret|passw(?:or)?d|cookie|authorization|api[-_]?key|credential|private[-_]?key|verifier|^code$/i;

/**
 * A `code` field is also how errors name themselves (`NOT_FOUND`, `ECONNREFUSED`, `ERR_INVALID_URL`, Meta's
 * numeric `190`, TikTok's `access_token_invalid`). Those are kept; anything else under `code` is treated as an
 * OAuth authorization code. No platform we connect issues codes of these shapes: theirs mix case and digits.
 */
const SYMBOLIC_CODE = /^(?:[A-Z]+(?:_[A-Z0-9]+)*|[a-z]+(?:_[a-z]+)+)$/;
const MAX_SYMBOLIC_CODE_LENGTH = 40;

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY.test(key);
}

export function isSymbolicCode(value: unknown): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  return typeof value === "string" && value.length <= MAX_SYMBOLIC_CODE_LENGTH && SYMBOLIC_CODE.test(value);
}

/** The value to keep under a sensitive key: the censor, except for missing values and symbolic error codes. */
export function censorValue(key: string, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (key.toLowerCase() === "code" && isSymbolicCode(value)) return value;
  return REDACTED;
}
