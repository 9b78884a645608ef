import { describe, expect, it } from "vitest";
import {
  createLocalKeyProvider,
  InMemoryCanaryStore,
  InMemoryDataKeyStore,
  openVault,
  type RewrapDataKeysReport,
  type Vault,
} from "../src/index";
import { secretA, secretB } from "./support/fixtures";

interface Written {
  tenantId: string;
  recordId: string;
  field: string;
  plaintext: string;
  ciphertext: string;
}

/** 12 tenants, some with several data-key versions, two fields on three records each, all under master key 1. */
async function seed() {
  const stores = { dataKeyStore: new InMemoryDataKeyStore(), canaryStore: new InMemoryCanaryStore() };
  const { vault } = await openVault({
    keyProvider: createLocalKeyProvider({ secrets: { 1: secretA } }),
    ...stores,
  });
  const written: Written[] = [];
  for (let t = 0; t < 12; t++) {
    const tenantId = `ten_${t}`;
    for (let rotation = 0; rotation <= t % 3; rotation++) {
      if (rotation > 0) await vault.rotateDataKey({ tenantId });
      for (const recordId of ["con_1", "con_2", "con_3"]) {
        for (const field of ["access_token", "refresh_token"]) {
          const plaintext = `${tenantId}/${recordId}/${field}/${rotation}`;
          written.push({
            tenantId,
            recordId,
            field,
            plaintext,
            ciphertext: await vault.encrypt({ tenantId, recordId, field, plaintext }),
          });
        }
      }
    }
  }
  return { stores, written, dataKeys: (await stores.dataKeyStore.listDataKeys({ limit: 1000 })).length };
}

async function unreadable(vault: Vault, written: Written[]): Promise<number> {
  let failures = 0;
  for (const value of written) {
    const plaintext = await vault.decrypt(value).catch(() => undefined);
    if (plaintext !== value.plaintext) failures += 1;
  }
  return failures;
}

const bothSecrets = () => createLocalKeyProvider({ secrets: { 1: secretA, 2: secretB } });

describe("master-key rotation", () => {
  it("rewraps every data key under the new version while traffic flows, then runs on the new secret alone", async () => {
    const { stores, written, dataKeys } = await seed();
    const { vault } = await openVault({ keyProvider: bothSecrets(), ...stores });
    let stop = false;
    let requests = 0;
    let failedRequests = 0;
    const traffic = (async () => {
      for (let i = 0; !stop; i++) {
        const value = written[i % written.length];
        if (value === undefined) break;
        requests += 1;
        const newTenant = {
          tenantId: `ten_new_${i}`,
          recordId: "con_1",
          field: "access_token",
          plaintext: "n",
        };
        const ok =
          (await vault.decrypt(value).catch(() => undefined)) === value.plaintext &&
          (await vault
            .encrypt(newTenant)
            .then((c) => vault.decrypt({ ...newTenant, ciphertext: c }))
            .catch(() => "")) === "n";
        if (!ok) failedRequests += 1;
        vault.clearKeyCache(); // every request goes to the store and the provider, mid-rotation
      }
    })();
    const progress: RewrapDataKeysReport[] = [];
    const report = await vault.rewrapDataKeys({ batchSize: 4, onProgress: (p) => progress.push(p) });
    stop = true;
    await traffic;

    expect(requests).toBeGreaterThan(0);
    expect(failedRequests).toBe(0);
    expect(report).toMatchObject({ toKekVersion: 2, rewrapped: dataKeys, failed: 0, remaining: 0 });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.map((p) => p.remaining)).toEqual(
      [...progress.map((p) => p.remaining)].sort((a, b) => b - a),
    );
    expect(await vault.countDataKeysByKekVersion()).toEqual([
      { kekVersion: 2, count: (await stores.dataKeyStore.listDataKeys({ limit: 10_000 })).length },
    ]);

    const onlyNew = await openVault({
      keyProvider: createLocalKeyProvider({ secrets: { 2: secretB } }),
      ...stores,
    });
    expect(onlyNew.masterKey).toEqual({ canary: "verified", kekVersion: 2 });
    expect(await unreadable(onlyNew.vault, written)).toBe(0);
  });

  it("resumes after being stopped halfway and finishes with none left on the old version", async () => {
    const { stores, written, dataKeys } = await seed();
    const { vault } = await openVault({ keyProvider: bothSecrets(), ...stores });
    const controller = new AbortController();
    const stopped = vault.rewrapDataKeys({
      batchSize: 3,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(stopped).rejects.toThrow();
    const halfway = await vault.countDataKeysByKekVersion();
    expect(halfway).toEqual(expect.arrayContaining([{ kekVersion: 2, count: 3 }]));

    const finished = await vault.rewrapDataKeys({ batchSize: 3 });
    expect(finished).toMatchObject({ rewrapped: dataKeys - 3, remaining: 0, failed: 0 });
    expect(await unreadable(vault, written)).toBe(0);
  });

  it("never overwrites a wrapping another run changed, and reports keys it cannot open", async () => {
    const { stores, written, dataKeys } = await seed();
    const { vault } = await openVault({ keyProvider: bothSecrets(), ...stores });
    const [first, second] = await Promise.all([
      vault.rewrapDataKeys({ batchSize: 2 }),
      vault.rewrapDataKeys({ batchSize: 2 }),
    ]);
    expect((first?.rewrapped ?? 0) + (second?.rewrapped ?? 0)).toBe(dataKeys);
    expect(await unreadable(vault, written)).toBe(0);

    const [victim] = await stores.dataKeyStore.listDataKeys({ limit: 1 });
    if (victim === undefined) throw new Error("no data key");
    const corrupted = Uint8Array.from(victim.wrappedKey);
    corrupted[20] = (corrupted[20] ?? 0) ^ 1;
    await stores.dataKeyStore.replaceWrappedKey({
      ...victim,
      expected: victim,
      next: { kekVersion: 1, wrappedKey: corrupted },
    });
    const report = await vault.rewrapDataKeys();
    expect(report).toMatchObject({ scanned: 1, rewrapped: 0, failed: 1, remaining: 1 });
    expect(report.failures).toEqual([
      { tenantId: victim.tenantId, version: victim.version, code: "wrong_master_key" },
    ]);
  });
});
