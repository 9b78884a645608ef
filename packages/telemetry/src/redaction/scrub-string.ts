import { censorValue, REDACTED } from "./sensitive-keys";

/** Cheap first pass: a string without any of these words cannot hold a secret we know how to find. */
const MAY_HOLD_SECRET =
  /token|secret|passw|code|bearer|authorization|cookie|api[-_]?key|verifier|credential/i;

const SECRET_PARAM_NAME = String.raw`[\w.-]*?(?:token|secret|passw(?:or)?d|api[-_]?key|verifier|credential)[\w.-]*|code`;

/**
 * `name=value` pairs in URLs, query strings and form bodies (`?access_token=…`, `&code=…`, `fb_exchange_token=…`),
 * also percent-encoded inside another URL (`%3Fcode%3D…`). The value stops at a separator, whitespace, a quote
 * or a backslash, so scrubbing serialized JSON keeps it valid.
 */
const QUERY_PARAM = new RegExp(
  String.raw`(^|[?&#;\s]|%3F|%26)(${SECRET_PARAM_NAME})(=|%3D)((?:(?!%26)[^&#\s"'<>\\])*)`,
  "gi",
);

/** `Authorization: Bearer abc…` written into a message or a header dump. */
const BEARER = /\b(bearer)\s+[\w.~+/=-]+/gi;

/** `"access_token": "…"` inside a string that holds JSON text (a logged response body). */
const JSON_PAIR =
  /"([^"\\]*(?:token|secret|passw(?:or)?d|authorization|cookie|api[-_]?key|verifier|credential)[^"\\]*|code)"(\s*:\s*)"((?:[^"\\]|\\.)*)"/gi;

/** Replaces secrets embedded in free text: URL/query/form parameters, bearer credentials, JSON pairs. */
export function scrubString(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  return text
    .replace(QUERY_PARAM, (_match, prefix: string, name: string, equals: string, value: string) =>
      value === "" ? `${prefix}${name}${equals}` : `${prefix}${name}${equals}${REDACTED}`,
    )
    .replace(BEARER, `$1 ${REDACTED}`)
    .replace(JSON_PAIR, (_match, name: string, colon: string, value: string) => {
      const kept = censorValue(name, value);
      return `"${name}"${colon}"${kept === REDACTED ? REDACTED : value}"`;
    });
}
