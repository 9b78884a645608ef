import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BODY_OFFSET, decodeCiphertext, parseCiphertextHeader } from "./ciphertext-format";
import { isVaultError, type VaultError } from "./vault-error";

function sealedText(options: { format?: number; version?: number; bodyBytes?: number } = {}): string {
  const sealed = randomBytes(BODY_OFFSET + (options.bodyBytes ?? 10));
  sealed[0] = options.format ?? 1;
  sealed.writeUInt32BE(options.version ?? 7, 1);
  return `v1.${sealed.toString("base64url")}`;
}

function refusal(text: unknown): VaultError {
  try {
    decodeCiphertext(text as string);
  } catch (error) {
    if (isVaultError(error)) return error;
    throw error;
  }
  throw new Error("decodeCiphertext accepted the text");
}

describe("parseCiphertextHeader", () => {
  it("reads the format and the data-key version", () => {
    expect(parseCiphertextHeader(sealedText({ version: 7 }))).toEqual({
      formatVersion: 1,
      dataKeyVersion: 7,
    });
    expect(parseCiphertextHeader(sealedText({ version: 0xffff_ffff })).dataKeyVersion).toBe(0xffff_ffff);
  });

  it("refuses an unknown format version, in the prefix or in the header byte", () => {
    expect(refusal(sealedText({ format: 2 })).message).toMatch(/format version 2 is not supported/);
    const v2 = `v2.${sealedText().slice(3)}`;
    expect(refusal(v2)).toMatchObject({ code: "unsupported_format" });
    expect(refusal(v2).message).toMatch(/format version 2 is not supported/);
  });

  it("never echoes the text it refuses (it may be a misfiled plaintext token)", () => {
    const token = "EAAGm0PX4ZCpsBAKZAsecretplaintexttoken";
    const error = refusal(token);
    expect(error.code).toBe("unsupported_format");
    expect(error.message).not.toContain(token);
    expect(error.message).not.toContain("secret");
  });

  it("refuses non-strings, short values and every non-canonical base64url", () => {
    const body = sealedText({ bodyBytes: 12 }).slice(3); // 45 sealed bytes: a multiple of 3, no tail bits
    const cases = [
      undefined,
      42,
      "",
      "v1.",
      `v1.${randomBytes(BODY_OFFSET - 1).toString("base64url")}`,
      `v1.${body}=`,
      `v1.${body.slice(0, 10)}+${body.slice(11)}`,
      `v1.${body.slice(0, 10)}/${body.slice(11)}`,
      `v1.${body.slice(0, 10)} ${body.slice(11)}`,
      `v1.${body.slice(0, 10)}\u0141${body.slice(11)}`,
      `v1.${body}A`,
      `V1.${body}`,
    ];
    for (const text of cases) expect(refusal(text).code).toBe("unsupported_format");
  });

  it("accepts exactly the texts a strict /^[A-Za-z0-9_-]*$/ + canonical-tail check accepts", () => {
    const strict = /^[A-Za-z0-9_-]*$/;
    // every code unit up to 0x2ff (ASCII, and the ranges Node's decoder reads by their low byte), then a sample
    const codes = [
      ...Array.from({ length: 0x300 }, (_, i) => i),
      ...Array.from({ length: 670 }, (_, i) => 0x300 + i * 97),
    ];
    for (const [sealedLength, position] of [
      [60, 10],
      [60, 78],
      [61, 79],
      [62, 81],
    ] as const) {
      const sealed = randomBytes(sealedLength);
      sealed[0] = 1;
      const body = sealed.toString("base64url");
      let disagreements = 0;
      for (const code of codes) {
        const mutated = body.slice(0, position) + String.fromCharCode(code) + body.slice(position + 1);
        let accepted = true;
        try {
          decodeCiphertext(`v1.${mutated}`);
        } catch (error) {
          accepted = !(isVaultError(error) && error.message.includes("base64url"));
        }
        const canonical = Buffer.from(mutated, "base64url").toString("base64url") === mutated;
        if (accepted !== (strict.test(mutated) && canonical)) disagreements += 1;
      }
      expect(disagreements).toBe(0);
    }
  });

  it("refuses a non-canonical last character (unused bits set)", () => {
    for (const sealedLength of [61, 62]) {
      const text = `v1.${Buffer.alloc(sealedLength, 1).toString("base64url")}`;
      const last = text.at(-1) ?? "";
      const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
      const next = alphabet[alphabet.indexOf(last) + 1] ?? "";
      expect(refusal(text.slice(0, -1) + next).code).toBe("unsupported_format");
    }
  });
});
