import { describe, expect, it } from "vitest";
import { createCanary, verifyCanary } from "./canary";
import { InMemoryCanaryStore } from "./canary-store";
import { InMemoryDataKeyStore } from "./in-memory-data-key-store";
import type { KeyProvider } from "./key-provider";
import { createLocalKeyProvider } from "./local-key-provider";
import { openVault } from "./vault";

const secretA = "canary-unit-test-secret-A-0123456789abcdef0123";
const secretB = "canary-unit-test-secret-B-0123456789abcdef0123";
const providerA = createLocalKeyProvider({ secrets: { 1: secretA } });
const providerB = createLocalKeyProvider({ secrets: { 1: secretB } });

describe("canary", () => {
  it("opens under the master key that made it, and names its version", async () => {
    const canary = await createCanary({ keyProvider: providerA });
    expect(canary).toMatch(/^vault-canary\.v1\.1\.[A-Za-z0-9_-]+$/);
    expect(await verifyCanary({ keyProvider: providerA, canary })).toEqual({ kekVersion: 1 });
  });

  it("throws wrong_master_key for another secret or a version that is not configured", async () => {
    const canary = await createCanary({ keyProvider: providerA });
    await expect(verifyCanary({ keyProvider: providerB, canary })).rejects.toMatchObject({
      code: "wrong_master_key",
    });
    const onlyV2 = createLocalKeyProvider({ secrets: { 2: secretA } });
    await expect(verifyCanary({ keyProvider: onlyV2, canary })).rejects.toMatchObject({
      code: "wrong_master_key",
    });
  });

  it("refuses a malformed canary, and keeps a provider outage apart from a wrong key", async () => {
    await expect(verifyCanary({ keyProvider: providerA, canary: "nonsense" })).rejects.toMatchObject({
      code: "unsupported_format",
    });
    const canary = await createCanary({ keyProvider: providerA });
    const down: KeyProvider = {
      ...providerA,
      unwrap: async () => {
        throw new Error("KMS timeout");
      },
    };
    await expect(verifyCanary({ keyProvider: down, canary })).rejects.toMatchObject({
      code: "key_provider_unavailable",
    });
  });
});

describe("openVault", () => {
  it("creates the canary in a new deployment, then verifies it", async () => {
    const stores = { canaryStore: new InMemoryCanaryStore(), dataKeyStore: new InMemoryDataKeyStore() };
    const first = await openVault({ keyProvider: providerA, ...stores });
    expect(first.masterKey).toEqual({ canary: "created", kekVersion: 1 });
    const second = await openVault({ keyProvider: providerA, ...stores });
    expect(second.masterKey).toEqual({ canary: "verified", kekVersion: 1 });
  });

  it("refuses a wrong master key before anything is served", async () => {
    const stores = { canaryStore: new InMemoryCanaryStore(), dataKeyStore: new InMemoryDataKeyStore() };
    await openVault({ keyProvider: providerA, ...stores });
    await expect(openVault({ keyProvider: providerB, ...stores })).rejects.toMatchObject({
      code: "wrong_master_key",
    });
  });

  it("with the canary gone, checks a stored data key before writing a new canary", async () => {
    const dataKeyStore = new InMemoryDataKeyStore();
    const { vault } = await openVault({
      keyProvider: providerA,
      canaryStore: new InMemoryCanaryStore(),
      dataKeyStore,
    });
    await vault.encrypt({ tenantId: "ten_a", recordId: "con_1", field: "access_token", plaintext: "t" });
    const wiped = new InMemoryCanaryStore();
    await expect(
      openVault({ keyProvider: providerB, canaryStore: wiped, dataKeyStore }),
    ).rejects.toMatchObject({
      code: "wrong_master_key",
    });
    expect(await wiped.readCanary()).toBeUndefined();
    const reopened = await openVault({ keyProvider: providerA, canaryStore: wiped, dataKeyStore });
    expect(reopened.masterKey.canary).toBe("created");
  });

  it("moves the canary to a newer master-key version, so a replica with another secret for it fails", async () => {
    const stores = { canaryStore: new InMemoryCanaryStore(), dataKeyStore: new InMemoryDataKeyStore() };
    await openVault({ keyProvider: providerA, ...stores });
    const rotated = createLocalKeyProvider({ secrets: { 1: secretA, 2: secretB } });
    expect((await openVault({ keyProvider: rotated, ...stores })).masterKey).toEqual({
      canary: "verified",
      kekVersion: 2,
    });
    const stray = createLocalKeyProvider({ secrets: { 1: secretA, 2: secretA } });
    await expect(openVault({ keyProvider: stray, ...stores })).rejects.toMatchObject({
      code: "wrong_master_key",
    });
    const explicitOld = createLocalKeyProvider({ secrets: { 1: secretA, 2: secretB }, currentVersion: 1 });
    expect((await openVault({ keyProvider: explicitOld, ...stores })).masterKey.kekVersion).toBe(2);
  });
});

describe("openVault during a master-key rotation", () => {
  it("refuses a process without the old secret while data keys are still wrapped under it", async () => {
    const stores = { canaryStore: new InMemoryCanaryStore(), dataKeyStore: new InMemoryDataKeyStore() };
    const { vault } = await openVault({ keyProvider: providerA, ...stores });
    await vault.encrypt({ tenantId: "ten_a", recordId: "con_1", field: "access_token", plaintext: "t" });
    const both = createLocalKeyProvider({ secrets: { 1: secretA, 2: secretB } });
    await openVault({ keyProvider: both, ...stores }); // the canary moves to version 2; data keys stay on 1
    const onlyNew = createLocalKeyProvider({ secrets: { 2: secretB } });
    await expect(openVault({ keyProvider: onlyNew, ...stores })).rejects.toMatchObject({
      code: "wrong_master_key",
      message:
        "data keys are not all rewrapped yet and the configured master key cannot open data keys under master-key version 1",
    });
    const rotated = await openVault({ keyProvider: both, ...stores });
    await rotated.vault.rewrapDataKeys();
    expect((await openVault({ keyProvider: onlyNew, ...stores })).masterKey).toEqual({
      canary: "verified",
      kekVersion: 2,
    });
  });
});
