import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkReturnTo, parseAllowedOrigin } from "./return-to";

const allowed = ["http://127.0.0.1:5173", "https://app.example.com"];

/** Where a browser would actually go: the WHATWG parse of the raw value. */
function browserOrigin(raw: string): string | null {
  return URL.canParse(raw) ? new URL(raw).origin : null;
}

describe("checkReturnTo", () => {
  it.each([
    "https://app.example.com",
    "https://app.example.com/",
    "https://app.example.com/settings/connections?tab=meta#top",
    "https://APP.Example.COM/done",
    "https://app.example.com:443/done",
    "http://127.0.0.1:5173/oauth/done?x=1",
  ])("accepts %s", (raw) => {
    const check = checkReturnTo(raw, allowed);
    expect(check.ok).toBe(true);
    if (check.ok) expect(allowed).toContain(new URL(check.url).origin);
  });

  it("keeps the parser's serialization", () => {
    expect(checkReturnTo("https://APP.example.com:443/a/../b?q#f", allowed)).toEqual({
      ok: true,
      url: "https://app.example.com/b?q#f",
    });
  });

  // Known open-redirect tricks (OWASP, PortSwigger, RFC 9700 §4.11): each must be refused.
  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative to an allowed host", "//app.example.com/x"],
    ["triple slash", "///evil.com"],
    ["backslash authority", "https:\\\\evil.com"],
    ["slash-backslash", "/\\evil.com"],
    ["backslash after host", "https://app.example.com\\@evil.com"],
    ["userinfo", "https://app.example.com@evil.com"],
    ["userinfo with password", "https://user:pass@app.example.com/"],
    ["userinfo on allowed host", "https://user@app.example.com/"],
    ["encoded at", "https://app.example.com%40evil.com/"],
    ["encoded slash", "https://evil.com%2F@app.example.com/"],
    ["encoded dot in host", "https://app%2Eexample.com/"],
    ["suffix match", "https://app.example.com.evil.com/"],
    ["prefix match", "https://evilapp.example.com/"],
    ["trailing dot host", "https://app.example.com./"],
    ["other port", "https://app.example.com:8443/"],
    ["other scheme same host", "http://app.example.com/"],
    ["javascript", "javascript:alert(1)"],
    ["javascript with comment", "javascript://app.example.com/%0aalert(1)"],
    ["data", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "/settings"],
    ["no slashes", "https:app.example.com"],
    ["one slash", "https:/app.example.com"],
    ["tab in scheme", "ht\ttps://app.example.com/"],
    ["newline", "https://app.example.com/\nLocation: https://evil.com"],
    ["leading space", " https://app.example.com/"],
    ["unicode dot", "https://app。example.com/"],
    ["fullwidth", "https://ａｐｐ.example.com/"],
    ["null byte", "https://app.example.com\u0000.evil.com/"],
    ["fragment host confusion", "https://evil.com#https://app.example.com"],
    ["query host confusion", "https://evil.com?https://app.example.com"],
    ["ftp", "ftp://app.example.com/"],
    ["empty", ""],
    ["too long", `https://app.example.com/${"a".repeat(2_100)}`],
    ["localhost for 127.0.0.1", "http://localhost:5173/"],
    ["ipv6 loopback", "http://[::1]:5173/"],
  ])("refuses %s", (_name, raw) => {
    expect(checkReturnTo(raw, allowed).ok).toBe(false);
  });

  it("refuses everything when the allow-list is empty", () => {
    expect(checkReturnTo("https://app.example.com/", []).ok).toBe(false);
  });

  it("fuzz: never accepts a URL whose origin is off the list, for the checker or for a browser", () => {
    const pieces = fc.constantFrom(
      "https://",
      "http://",
      "//",
      "/",
      "\\",
      "@",
      ":",
      "%2e",
      "%40",
      "%2f",
      "#",
      "?",
      ".",
      "app.example.com",
      "evil.com",
      "127.0.0.1",
      ":5173",
      ":443",
      "user:pw@",
      "javascript:",
      "\t",
      "。",
      "[::1]",
      "0x7f.1",
    );
    const candidate = fc.oneof(
      fc.array(pieces, { minLength: 1, maxLength: 8 }).map((parts) => parts.join("")),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.string({ maxLength: 60 }),
      fc
        .tuple(fc.constantFrom(...allowed), fc.string({ maxLength: 30 }))
        .map(([origin, tail]) => `${origin}${tail}`),
    );
    let accepted = 0;
    fc.assert(
      fc.property(candidate, (raw) => {
        const check = checkReturnTo(raw, allowed);
        if (!check.ok) return true;
        accepted += 1;
        return (
          allowed.includes(new URL(check.url).origin) &&
          allowed.includes(browserOrigin(raw) ?? "") &&
          browserOrigin(check.url) === browserOrigin(raw)
        );
      }),
      { numRuns: 20_000 },
    );
    // the generator does reach the accepting side, so the property is not vacuous
    expect(accepted).toBeGreaterThan(100);
  });

  it("fuzz: accepts any path, query and fragment under an allowed origin", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...allowed),
        fc.webPath(),
        fc.webQueryParameters(),
        fc.webFragments(),
        (origin, path, query, fragment) => {
          const raw = `${origin}${path.startsWith("/") ? path : `/${path}`}?${query}#${fragment}`;
          const check = checkReturnTo(raw, allowed);
          return check.ok && new URL(check.url).origin === origin;
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

describe("parseAllowedOrigin", () => {
  it("normalizes origins and refuses anything more than an origin", () => {
    expect(parseAllowedOrigin("https://App.Example.com:443")).toBe("https://app.example.com");
    expect(parseAllowedOrigin("http://127.0.0.1:5173/")).toBe("http://127.0.0.1:5173");
    expect(parseAllowedOrigin("https://app.example.com/path")).toBeNull();
    expect(parseAllowedOrigin("https://app.example.com?x")).toBeNull();
    expect(parseAllowedOrigin("https://u@app.example.com")).toBeNull();
    expect(parseAllowedOrigin("ftp://app.example.com")).toBeNull();
    expect(parseAllowedOrigin("app.example.com")).toBeNull();
    expect(parseAllowedOrigin("//app.example.com")).toBeNull();
  });
});
