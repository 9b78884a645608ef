import { describe, expect, it } from "vitest";
import { createState, hashState } from "./oauth-state";
import { decryptVerifier, deriveVerifierKey, encryptVerifier, VerifierDecryptError } from "./verifier-cipher";

const key = deriveVerifierKey("a-test-secret-that-is-at-least-32-bytes-long");
const binding = { sessionId: "oas_01", tenantId: "ten_a" };
const verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

describe("verifier cipher", () => {
  it("round-trips, with a fresh nonce each time", () => {
    const first = encryptVerifier(key, binding, verifier);
    const second = encryptVerifier(key, binding, verifier);
    expect(first).not.toBe(second);
    expect(first.startsWith("v1.")).toBe(true);
    expect(first).not.toContain(verifier);
    expect(decryptVerifier(key, binding, first)).toBe(verifier);
  });

  it("does not open for another session, another tenant, or under another secret", () => {
    const stored = encryptVerifier(key, binding, verifier);
    expect(() => decryptVerifier(key, { ...binding, sessionId: "oas_02" }, stored)).toThrow(
      VerifierDecryptError,
    );
    expect(() => decryptVerifier(key, { ...binding, tenantId: "ten_b" }, stored)).toThrow(
      VerifierDecryptError,
    );
    const other = deriveVerifierKey("another-secret-that-is-at-least-32-bytes-long");
    expect(() => decryptVerifier(other, binding, stored)).toThrow(VerifierDecryptError);
  });

  it("refuses any altered byte, a truncation, or another format", () => {
    const stored = encryptVerifier(key, binding, verifier);
    const bytes = Buffer.from(stored.slice(3), "base64url");
    for (let i = 0; i < bytes.length; i++) {
      const altered = Buffer.from(bytes);
      altered[i] = (altered[i] ?? 0) ^ 0x01;
      expect(() => decryptVerifier(key, binding, `v1.${altered.toString("base64url")}`)).toThrow(
        VerifierDecryptError,
      );
    }
    expect(() => decryptVerifier(key, binding, `v1.${bytes.subarray(0, 20).toString("base64url")}`)).toThrow(
      VerifierDecryptError,
    );
    expect(() => decryptVerifier(key, binding, `v2.${bytes.toString("base64url")}`)).toThrow(
      VerifierDecryptError,
    );
  });
});

describe("oauth state", () => {
  it("is 256 random bits in base64url, stored as its SHA-256 hex", () => {
    const state = createState();
    expect(state).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(state, "base64url")).toHaveLength(32);
    expect(createState()).not.toBe(state);
    expect(hashState(state)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashState("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });
});
