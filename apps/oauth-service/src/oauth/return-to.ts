/** Longer than any return URL a frontend needs; bounds what is stored and echoed. */
const maxReturnToLength = 2_048;

/** Visible ASCII only: no spaces, tabs, newlines, control characters or raw non-ASCII (IDN must be punycode). */
const visibleAscii = /^[\x21-\x7e]+$/;

/** `scheme://authority` at the very start, before any path, query or fragment. */
const absoluteHttpUrl = /^(https?):\/\/([^/?#]*)/i;

export type ReturnToCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Whether `raw` may receive the browser after OAuth: an absolute http(s) URL whose origin (scheme, host, port) is
 * exactly one of `allowedOrigins`. Anything that a browser and a URL parser might read differently is refused
 * before parsing rather than normalized: backslashes, whitespace and control characters, protocol-relative or
 * relative URLs, other schemes, a user or password, and percent-encoding or a bare `@` in the authority. The URL
 * that is kept is the parser's serialization, so what is stored is what was checked.
 */
export function checkReturnTo(raw: string, allowedOrigins: readonly string[]): ReturnToCheck {
  if (raw.length === 0 || raw.length > maxReturnToLength) {
    return { ok: false, reason: `must be 1 to ${maxReturnToLength} characters` };
  }
  if (!visibleAscii.test(raw)) {
    return { ok: false, reason: "must not contain spaces, control or non-ASCII characters" };
  }
  if (raw.includes("\\")) return { ok: false, reason: "must not contain backslashes" };
  const prefix = absoluteHttpUrl.exec(raw);
  if (!prefix) return { ok: false, reason: "must be an absolute http or https URL" };
  const authority = prefix[2] ?? "";
  if (authority.includes("@")) return { ok: false, reason: "must not carry a user name or password" };
  if (authority.includes("%")) return { ok: false, reason: "must not percent-encode the host" };
  if (!URL.canParse(raw)) return { ok: false, reason: "is not a valid URL" };
  const url = new URL(raw);
  if (url.username !== "" || url.password !== "") {
    return { ok: false, reason: "must not carry a user name or password" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return { ok: false, reason: "must be an absolute http or https URL" };
  }
  if (!allowedOrigins.includes(url.origin)) {
    return { ok: false, reason: `origin ${url.origin} is not on the allow-list (OAUTH_RETURN_TO_ALLOWLIST)` };
  }
  return { ok: true, url: url.href };
}

/**
 * An allow-list entry as its normalized origin, or null if it is not exactly an origin: http(s), a host, an
 * optional port, and nothing after it but an optional `/`.
 */
export function parseAllowedOrigin(raw: string): string | null {
  if (!visibleAscii.test(raw) || raw.includes("\\") || !URL.canParse(raw)) return null;
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.username !== "" || url.password !== "" || url.hostname === "") return null;
  if (url.pathname !== "/" || url.search !== "" || url.hash !== "") return null;
  if (raw.includes("@") || raw.includes("%") || !/^https?:\/\//i.test(raw)) return null;
  return url.origin;
}
