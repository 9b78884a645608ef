import { describe, expect, it } from "vitest";
import { codeChallengeS256, createCodeVerifier } from "./pkce";
import {
  hexSignatureMatches,
  hmacSha256Hex,
  isFreshTimestamp,
  parseKeyValueHeader,
  singleHeader,
} from "./signatures";

describe("HMAC helper", () => {
  it("matches GitHub's published HMAC-SHA256 test vector", () => {
    const expected = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    expect(hmacSha256Hex("It's a Secret to Everybody", "Hello, World!")).toBe(expected);
    expect(hexSignatureMatches(expected, hmacSha256Hex("It's a Secret to Everybody", "Hello, World!"))).toBe(
      true,
    );
  });

  it("refuses without throwing: flipped digit, wrong length, non-hex, empty, missing", () => {
    const good = hmacSha256Hex("secret", "body");
    const flipped = `${good.slice(0, 10)}${good[10] === "a" ? "b" : "a"}${good.slice(11)}`;
    for (const received of [flipped, good.slice(1), `${good}00`, `${good.slice(2)}zz`, "", undefined, null]) {
      expect(hexSignatureMatches(received, good)).toBe(false);
    }
    expect(hexSignatureMatches(good.toUpperCase(), good)).toBe(true);
  });

  it("refuses a header sent twice and parses key=value lists", () => {
    expect(singleHeader({ "X-Sig": ["a", "b"] }, "x-sig")).toBeNull();
    expect(singleHeader({ "x-sig": "a" }, "X-Sig")).toBe("a");
    const parsed = parseKeyValueHeader("t=1700000000,v1=abc, v1=def,broken");
    expect(parsed.get("t")).toEqual(["1700000000"]);
    expect(parsed.get("v1")).toEqual(["abc", "def"]);
  });

  it("checks timestamp freshness both ways", () => {
    const now = 1_700_000_000_000;
    expect(isFreshTimestamp("1700000000", now, 300)).toBe(true);
    expect(isFreshTimestamp("1699999000", now, 300)).toBe(false);
    expect(isFreshTimestamp("1700001000", now, 300)).toBe(false);
    expect(isFreshTimestamp("17e8", now, 300)).toBe(false);
  });
});

describe("PKCE", () => {
  it("matches RFC 7636 Appendix B", () => {
    expect(codeChallengeS256("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")).toBe(
      "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM",
    );
  });

  it("makes verifiers of 43 unreserved characters", () => {
    const verifier = createCodeVerifier();
    expect(verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
