import { describe, expect, it, vi } from "vitest";
import { parseCiphertextHeader } from "./ciphertext-format";
import { InMemoryDataKeyStore } from "./in-memory-data-key-store";
import type { KeyProvider } from "./key-provider";
import { createLocalKeyProvider } from "./local-key-provider";
import { createVault, type VaultOptions } from "./vault";

const secret = "vault-unit-test-secret-0123456789abcdef012345";
const at = { tenantId: "ten_a", recordId: "con_1", field: "access_token" };

function setup(options: Partial<VaultOptions> = {}) {
  const store = new InMemoryDataKeyStore();
  const keyProvider = createLocalKeyProvider({ secrets: { 1: secret } });
  const vault = createVault({ keyProvider, dataKeyStore: store, ...options });
  return { vault, store, keyProvider };
}

describe("encrypt and decrypt", () => {
  it("round-trips any string, with a fresh ciphertext each time", async () => {
    const { vault } = setup();
    for (const plaintext of ["", "EAAG-token", "ünïcødé ✓ 🔐", "x".repeat(10_000)]) {
      const first = await vault.encrypt({ ...at, plaintext });
      const second = await vault.encrypt({ ...at, plaintext });
      expect(first).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
      expect(first).not.toBe(second);
      expect(await vault.decrypt({ ...at, ciphertext: first })).toBe(plaintext);
    }
  });

  it("creates the tenant's first data key on first use, once, even under concurrency", async () => {
    const { vault, store } = setup();
    expect(await vault.currentDataKeyVersion({ tenantId: "ten_a" })).toBeUndefined();
    const insert = vi.spyOn(store, "insertDataKey");
    await Promise.all(Array.from({ length: 20 }, () => vault.encrypt({ ...at, plaintext: "t" })));
    expect(insert).toHaveBeenCalledTimes(1);
    expect(await vault.currentDataKeyVersion({ tenantId: "ten_a" })).toBe(1);
  });

  it("refuses empty or over-long ids and non-string plaintext before touching the store", async () => {
    const { vault, store } = setup();
    const find = vi.spyOn(store, "findDataKeysByTenant");
    const bad = [
      vault.encrypt({ ...at, tenantId: "", plaintext: "t" }),
      vault.encrypt({ ...at, recordId: "r".repeat(1025), plaintext: "t" }),
      vault.encrypt({ ...at, plaintext: 42 as unknown as string }),
      vault.decrypt({ ...at, field: "", ciphertext: "v1.AAAA" }),
    ];
    for (const refusal of bad) await expect(refusal).rejects.toMatchObject({ code: "invalid_input" });
    expect(find).not.toHaveBeenCalled();
  });

  it("keeps the AAD fields apart: ('ab','c') is not ('a','bc')", async () => {
    const { vault } = setup();
    const ciphertext = await vault.encrypt({ tenantId: "ten_a", recordId: "ab", field: "c", plaintext: "t" });
    await expect(
      vault.decrypt({ tenantId: "ten_a", recordId: "a", field: "bc", ciphertext }),
    ).rejects.toMatchObject({
      code: "decrypt_failed",
    });
  });

  it("names an unknown data-key version", async () => {
    const { vault } = setup();
    const ciphertext = await vault.encrypt({ ...at, plaintext: "t" });
    const sealed = Buffer.from(ciphertext.slice(3), "base64url");
    sealed.writeUInt32BE(7, 1);
    await expect(
      vault.decrypt({ ...at, ciphertext: `v1.${sealed.toString("base64url")}` }),
    ).rejects.toMatchObject({
      code: "unknown_key_version",
      message: "tenant ten_a has no data key version 7",
    });
  });

  it("unwraps a data key once for many concurrent cold reads", async () => {
    const { vault, store, keyProvider } = setup();
    const ciphertext = await vault.encrypt({ ...at, plaintext: "t" });
    const cold = createVault({ keyProvider, dataKeyStore: store });
    const unwrap = vi.spyOn(keyProvider, "unwrap");
    const find = vi.spyOn(store, "findDataKeysByTenant");
    const reads = await Promise.all(Array.from({ length: 50 }, () => cold.decrypt({ ...at, ciphertext })));
    expect(new Set(reads)).toEqual(new Set(["t"]));
    expect(unwrap).toHaveBeenCalledTimes(1);
    expect(find).toHaveBeenCalledTimes(1);
  });

  it("keeps working past its cache bound", async () => {
    const { vault } = setup({ cacheTenants: 2 });
    const written = [];
    for (let i = 0; i < 5; i++) {
      const tenantId = `ten_${i}`;
      written.push({ tenantId, ciphertext: await vault.encrypt({ ...at, tenantId, plaintext: tenantId }) });
    }
    for (const { tenantId, ciphertext } of written) {
      expect(await vault.decrypt({ ...at, tenantId, ciphertext })).toBe(tenantId);
    }
  });

  it("reports a key provider outage as retryable, not as a wrong key", async () => {
    const store = new InMemoryDataKeyStore();
    const down: KeyProvider = {
      currentVersion: () => 1,
      wrap: async () => {
        throw new Error("connect ECONNREFUSED kms");
      },
      unwrap: async () => {
        throw new Error("connect ECONNREFUSED kms");
      },
    };
    const vault = createVault({ keyProvider: down, dataKeyStore: store });
    const error = await vault.encrypt({ ...at, plaintext: "t" }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "key_provider_unavailable", retryable: true });
  });
});

describe("data keys", () => {
  it("rotates: new writes use the new version, old values still decrypt", async () => {
    const { vault } = setup();
    const old = await vault.encrypt({ ...at, plaintext: "old" });
    expect(await vault.rotateDataKey({ tenantId: "ten_a" })).toBe(2);
    const fresh = await vault.encrypt({ ...at, plaintext: "new" });
    expect(parseCiphertextHeader(old).dataKeyVersion).toBe(1);
    expect(parseCiphertextHeader(fresh).dataKeyVersion).toBe(2);
    expect(await vault.decrypt({ ...at, ciphertext: old })).toBe("old");
    expect(await vault.decrypt({ ...at, ciphertext: fresh })).toBe("new");
    expect(await vault.rotateDataKey({ tenantId: "ten_a", minVersion: 10 })).toBe(10);
  });

  it("lets concurrent rotations agree on one new version", async () => {
    const { vault, store } = setup();
    await vault.encrypt({ ...at, plaintext: "t" });
    const versions = await Promise.all([vault.rotateDataKey(at), vault.rotateDataKey(at)]);
    expect(versions).toEqual([2, 2]);
    expect((await store.findDataKeysByTenant("ten_a")).map((r) => r.version).sort()).toEqual([1, 2]);
  });

  it("picks up another replica's rotation after the TTL, and at once when it meets a newer value", async () => {
    let now = 0;
    const { vault: replicaA, store, keyProvider } = setup({ now: () => now, currentVersionTtlMs: 1000 });
    const replicaB = createVault({
      keyProvider,
      dataKeyStore: store,
      now: () => now,
      currentVersionTtlMs: 1000,
    });
    await replicaA.encrypt({ ...at, plaintext: "t" });
    await replicaB.rotateDataKey(at);
    const fromB = await replicaB.encrypt({ ...at, plaintext: "b" });
    expect(await replicaA.decrypt({ ...at, ciphertext: fromB })).toBe("b");
    now = 500;
    // A learned of version 2 while decrypting, so it writes under it already
    expect(parseCiphertextHeader(await replicaA.encrypt({ ...at, plaintext: "a" })).dataKeyVersion).toBe(2);
    await replicaB.rotateDataKey(at);
    expect(parseCiphertextHeader(await replicaA.encrypt({ ...at, plaintext: "a" })).dataKeyVersion).toBe(2);
    now = 1501;
    expect(parseCiphertextHeader(await replicaA.encrypt({ ...at, plaintext: "a" })).dataKeyVersion).toBe(3);
  });

  it("refuses values under a retired version, and never writes under one", async () => {
    let minimum = 1;
    const { vault } = setup({ minimumDataKeyVersion: () => minimum });
    const old = await vault.encrypt({ ...at, plaintext: "old" });
    minimum = 2;
    await expect(vault.decrypt({ ...at, ciphertext: old })).rejects.toMatchObject({
      code: "key_version_retired",
    });
    await expect(vault.encrypt({ ...at, plaintext: "t" })).rejects.toMatchObject({
      code: "key_version_retired",
    });
    await vault.rotateDataKey(at);
    expect(parseCiphertextHeader(await vault.encrypt({ ...at, plaintext: "t" })).dataKeyVersion).toBe(2);
  });

  it("starts a new tenant at a global minimum version", async () => {
    const { vault } = setup({ minimumDataKeyVersion: 3 });
    const ciphertext = await vault.encrypt({ ...at, tenantId: "ten_new", plaintext: "t" });
    expect(parseCiphertextHeader(ciphertext).dataKeyVersion).toBe(3);
    expect(() => setup({ minimumDataKeyVersion: 0 })).toThrow(
      expect.objectContaining({ code: "invalid_config" }),
    );
  });

  it("binds a wrapped data key to its tenant: a key row copied to another tenant does not open", async () => {
    const { vault, store, keyProvider } = setup();
    await vault.encrypt({ ...at, plaintext: "t" });
    const [row] = await store.findDataKeysByTenant("ten_a");
    if (row === undefined) throw new Error("no data key stored");
    await store.insertDataKey({ ...row, tenantId: "ten_b" });
    const other = createVault({ keyProvider, dataKeyStore: store });
    await expect(other.encrypt({ ...at, tenantId: "ten_b", plaintext: "t" })).rejects.toMatchObject({
      code: "wrong_master_key",
    });
  });
});
