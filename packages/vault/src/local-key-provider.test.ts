import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createLocalKeyProvider, MIN_MASTER_SECRET_BYTES } from "./local-key-provider";
import { isVaultError, type VaultError } from "./vault-error";

const secretA = "local-provider-test-secret-A-0123456789abcdef";
const secretB = "local-provider-test-secret-B-0123456789abcdef";
const aad = Buffer.from("binding");

function configError(run: () => unknown): VaultError {
  try {
    run();
  } catch (error) {
    if (isVaultError(error)) return error;
    throw error;
  }
  throw new Error("expected a VaultError");
}

describe("createLocalKeyProvider", () => {
  it("refuses a missing, empty or short secret with a clear error that never echoes it", () => {
    const short = "x".repeat(MIN_MASTER_SECRET_BYTES - 1);
    const shortError = configError(() => createLocalKeyProvider({ secrets: { 1: short } }));
    expect(shortError.code).toBe("invalid_config");
    expect(shortError.message).toBe("master secret version 1 is 31 bytes; at least 32 are required");
    expect(configError(() => createLocalKeyProvider({ secrets: {} })).message).toBe(
      "no master secret is configured",
    );
    expect(configError(() => createLocalKeyProvider({ secrets: { 1: "" } })).code).toBe("invalid_config");
    const missing = { 1: undefined } as unknown as Record<number, string>;
    expect(configError(() => createLocalKeyProvider({ secrets: missing })).message).toMatch(
      /version 1 is missing/,
    );
  });

  it("counts a string secret in UTF-8 bytes", () => {
    expect(() => createLocalKeyProvider({ secrets: { 1: "é".repeat(16) } })).not.toThrow(); // 32 bytes
    expect(configError(() => createLocalKeyProvider({ secrets: { 1: "é".repeat(15) } })).code).toBe(
      "invalid_config",
    );
  });

  it("refuses bad versions and a current version without a secret", () => {
    const badName = { x: secretA } as unknown as Record<number, string>;
    expect(configError(() => createLocalKeyProvider({ secrets: badName })).code).toBe("invalid_config");
    expect(configError(() => createLocalKeyProvider({ secrets: { 0: secretA } })).code).toBe(
      "invalid_config",
    );
    const noCurrent = configError(() =>
      createLocalKeyProvider({ secrets: { 1: secretA }, currentVersion: 2 }),
    );
    expect(noCurrent.message).toBe("current master-key version 2 has no secret (configured: 1)");
  });

  it("uses the highest version unless told otherwise", () => {
    expect(createLocalKeyProvider({ secrets: { 1: secretA, 3: secretB } }).currentVersion()).toBe(3);
    expect(
      createLocalKeyProvider({ secrets: { 1: secretA, 3: secretB }, currentVersion: 1 }).currentVersion(),
    ).toBe(1);
  });

  it("unwraps what it wrapped, only with the same version, secret and AAD", async () => {
    const provider = createLocalKeyProvider({ secrets: { 1: secretA, 2: secretB } });
    const plaintextKey = randomBytes(32);
    const wrappedKey = await provider.wrap({ kekVersion: 1, plaintextKey, aad });
    expect(Buffer.from(wrappedKey).includes(plaintextKey)).toBe(false);
    expect(Buffer.from(await provider.unwrap({ kekVersion: 1, wrappedKey, aad })).equals(plaintextKey)).toBe(
      true,
    );

    const refusals = [
      provider.unwrap({ kekVersion: 2, wrappedKey, aad }),
      provider.unwrap({ kekVersion: 1, wrappedKey, aad: Buffer.from("other") }),
      createLocalKeyProvider({ secrets: { 1: secretB } }).unwrap({ kekVersion: 1, wrappedKey, aad }),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toMatchObject({ code: "wrong_master_key" });
    await expect(provider.unwrap({ kekVersion: 9, wrappedKey, aad })).rejects.toMatchObject({
      code: "unknown_key_version",
    });
  });

  it("derives different keys for the same secret under different versions", async () => {
    const provider = createLocalKeyProvider({ secrets: { 1: secretA, 2: secretA } });
    const wrappedKey = await provider.wrap({ kekVersion: 1, plaintextKey: randomBytes(32), aad });
    await expect(provider.unwrap({ kekVersion: 2, wrappedKey, aad })).rejects.toMatchObject({
      code: "wrong_master_key",
    });
  });

  it("accepts a byte secret and leaves the caller's buffer untouched", async () => {
    const secret = randomBytes(32);
    const copy = Buffer.from(secret);
    const provider = createLocalKeyProvider({ secrets: { 1: secret } });
    const wrappedKey = await provider.wrap({ kekVersion: 1, plaintextKey: randomBytes(32), aad });
    await expect(provider.unwrap({ kekVersion: 1, wrappedKey, aad })).resolves.toHaveLength(32);
    expect(secret.equals(copy)).toBe(true);
  });
});
