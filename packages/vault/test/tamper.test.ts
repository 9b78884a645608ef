import { describe, expect, it } from "vitest";
import {
  isVaultError,
  parseCiphertextHeader,
  type ValueContext,
  type Vault,
  type VaultErrorCode,
} from "../src/index";
import { context, makeVault } from "./support/fixtures";

/** Decrypts and reports the refusal; a returned plaintext is a failure of the test. */
async function refusalOf(
  vault: Vault,
  ciphertext: string,
  at: ValueContext = context,
): Promise<VaultErrorCode | "returned"> {
  try {
    await vault.decrypt({ ...at, ciphertext });
    return "returned";
  } catch (error) {
    if (isVaultError(error)) return error.code;
    throw error;
  }
}

/** A vault whose tenant has data keys 1, 2 and 3, writing under 3: header flips can land on a real version. */
async function vaultWithThreeVersions() {
  const made = makeVault();
  await made.vault.encrypt({ ...context, plaintext: "first" });
  await made.vault.rotateDataKey(context);
  await made.vault.rotateDataKey(context);
  const ciphertext = await made.vault.encrypt({
    ...context,
    plaintext: "oauth-access-token-value-0123456789",
  });
  expect(parseCiphertextHeader(ciphertext).dataKeyVersion).toBe(3);
  return { ...made, ciphertext };
}

describe("tampering", () => {
  it("refuses every single-bit flip of the sealed bytes: header, nonce, ciphertext and tag", async () => {
    const { vault, ciphertext } = await vaultWithThreeVersions();
    const sealed = Buffer.from(ciphertext.slice(3), "base64url");
    const codesByRegion = new Map<string, Set<string>>();
    for (let byte = 0; byte < sealed.length; byte++) {
      for (let bit = 0; bit < 8; bit++) {
        const flipped = Buffer.from(sealed);
        flipped[byte] = (flipped[byte] ?? 0) ^ (1 << bit);
        const code = await refusalOf(vault, `v1.${flipped.toString("base64url")}`);
        const region = byte < 5 ? "header" : byte < 17 ? "nonce" : byte < 33 ? "tag" : "ciphertext";
        codesByRegion.set(region, (codesByRegion.get(region) ?? new Set()).add(code));
      }
    }
    expect([...codesByRegion.keys()]).toEqual(["header", "nonce", "tag", "ciphertext"]);
    // header flips: unknown format, unknown version, or an existing version that fails authentication
    expect(codesByRegion.get("header")).toEqual(
      new Set(["unsupported_format", "unknown_key_version", "decrypt_failed"]),
    );
    for (const region of ["nonce", "ciphertext", "tag"]) {
      expect(codesByRegion.get(region)).toEqual(new Set(["decrypt_failed"]));
    }
  });

  it("refuses every single-bit flip of the stored text, every truncation and any appended byte", async () => {
    const { vault, ciphertext } = await vaultWithThreeVersions();
    const returned: string[] = [];
    for (let index = 0; index < ciphertext.length; index++) {
      for (let bit = 0; bit < 8; bit++) {
        const char = String.fromCharCode(ciphertext.charCodeAt(index) ^ (1 << bit));
        const text = ciphertext.slice(0, index) + char + ciphertext.slice(index + 1);
        if ((await refusalOf(vault, text)) === "returned") returned.push(`${index}:${bit}`);
      }
    }
    for (let length = 0; length < ciphertext.length; length++) {
      if ((await refusalOf(vault, ciphertext.slice(0, length))) === "returned")
        returned.push(`cut ${length}`);
    }
    const sealed = Buffer.from(ciphertext.slice(3), "base64url");
    for (const extra of [Buffer.of(0), Buffer.of(0, 0, 0), Buffer.alloc(16)]) {
      const longer = `v1.${Buffer.concat([sealed, extra]).toString("base64url")}`;
      if ((await refusalOf(vault, longer)) === "returned") returned.push(`append ${extra.length}`);
    }
    expect(returned).toEqual([]);
  });
});

describe("AAD binding", () => {
  it("refuses a value moved to another tenant, record or field", async () => {
    const { vault } = makeVault();
    const otherTenant = { ...context, tenantId: "ten_b" };
    await vault.encrypt({ ...otherTenant, plaintext: "tenant b has a data key too" });
    const ciphertext = await vault.encrypt({ ...context, plaintext: "secret token" });
    const moves = [
      otherTenant,
      { ...context, recordId: "con_2" },
      { ...context, field: "refresh_token" },
      { tenantId: "ten_b", recordId: "con_2", field: "refresh_token" },
    ];
    for (const to of moves) expect(await refusalOf(vault, ciphertext, to)).toBe("decrypt_failed");
    expect(await vault.decrypt({ ...context, ciphertext })).toBe("secret token");
  });

  it("refuses a value moved to a tenant with no data key as an unknown version", async () => {
    const { vault } = makeVault();
    const ciphertext = await vault.encrypt({ ...context, plaintext: "t" });
    expect(await refusalOf(vault, ciphertext, { ...context, tenantId: "ten_empty" })).toBe(
      "unknown_key_version",
    );
  });
});

describe("format", () => {
  it("names an unknown format version and an unknown key version", async () => {
    const { vault } = makeVault();
    const ciphertext = await vault.encrypt({ ...context, plaintext: "t" });
    const sealed = Buffer.from(ciphertext.slice(3), "base64url");
    const otherFormat = Buffer.from(sealed);
    otherFormat[0] = 2;
    await expect(
      vault.decrypt({ ...context, ciphertext: `v1.${otherFormat.toString("base64url")}` }),
    ).rejects.toThrow("ciphertext format version 2 is not supported");
    await expect(
      vault.decrypt({ ...context, ciphertext: `v9.${sealed.toString("base64url")}` }),
    ).rejects.toThrow("ciphertext format version 9 is not supported");
    const otherVersion = Buffer.from(sealed);
    otherVersion.writeUInt32BE(42, 1);
    await expect(
      vault.decrypt({ ...context, ciphertext: `v1.${otherVersion.toString("base64url")}` }),
    ).rejects.toMatchObject({
      code: "unknown_key_version",
      message: "tenant ten_a has no data key version 42",
    });
    await expect(vault.decrypt({ ...context, ciphertext: "plaintext-token" })).rejects.toMatchObject({
      code: "unsupported_format",
    });
  });
});
