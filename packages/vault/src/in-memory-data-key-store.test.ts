import { describe, expect, it } from "vitest";
import type { DataKeyRecord } from "./data-key-store";
import { InMemoryDataKeyStore } from "./in-memory-data-key-store";

function record(tenantId: string, version: number, kekVersion = 1, byte = version): DataKeyRecord {
  return { tenantId, version, kekVersion, wrappedKey: Uint8Array.of(byte, kekVersion) };
}

describe("InMemoryDataKeyStore", () => {
  it("inserts a version once; a second insert of it reports the conflict", async () => {
    const store = new InMemoryDataKeyStore();
    expect(await store.insertDataKey(record("ten_a", 1))).toBe(true);
    expect(await store.insertDataKey(record("ten_a", 1, 1, 99))).toBe(false);
    expect(await store.findDataKeysByTenant("ten_a")).toEqual([record("ten_a", 1)]);
    expect(await store.findDataKeysByTenant("ten_b")).toEqual([]);
  });

  it("replaces a wrapping only while it still has the expected version and bytes", async () => {
    const store = new InMemoryDataKeyStore();
    await store.insertDataKey(record("ten_a", 1));
    const next = { kekVersion: 2, wrappedKey: Uint8Array.of(7) };
    const stale = { tenantId: "ten_a", version: 1, next };
    expect(
      await store.replaceWrappedKey({
        ...stale,
        expected: { kekVersion: 2, wrappedKey: Uint8Array.of(1, 1) },
      }),
    ).toBe(false);
    expect(
      await store.replaceWrappedKey({
        ...stale,
        expected: { kekVersion: 1, wrappedKey: Uint8Array.of(1, 2) },
      }),
    ).toBe(false);
    expect(
      await store.replaceWrappedKey({
        ...stale,
        expected: { kekVersion: 1, wrappedKey: Uint8Array.of(1, 1) },
      }),
    ).toBe(true);
    expect(await store.findDataKeysByTenant("ten_a")).toEqual([{ tenantId: "ten_a", version: 1, ...next }]);
    expect(await store.replaceWrappedKey({ ...stale, version: 5, expected: next })).toBe(false);
  });

  it("pages in (tenantId, version) order after a cursor, leaving out one master-key version", async () => {
    const store = new InMemoryDataKeyStore();
    for (const r of [record("ten_b", 2, 2), record("ten_a", 2), record("ten_b", 1), record("ten_a", 1, 2)]) {
      await store.insertDataKey(r);
    }
    const keys = (records: DataKeyRecord[]) => records.map((r) => `${r.tenantId}/${r.version}`);
    expect(keys(await store.listDataKeys({ limit: 10 }))).toEqual([
      "ten_a/1",
      "ten_a/2",
      "ten_b/1",
      "ten_b/2",
    ]);
    expect(keys(await store.listDataKeys({ limit: 2, after: { tenantId: "ten_a", version: 1 } }))).toEqual([
      "ten_a/2",
      "ten_b/1",
    ]);
    expect(keys(await store.listDataKeys({ limit: 10, excludeKekVersion: 2 }))).toEqual([
      "ten_a/2",
      "ten_b/1",
    ]);
    expect(await store.countDataKeysByKekVersion()).toEqual(
      expect.arrayContaining([
        { kekVersion: 1, count: 2 },
        { kekVersion: 2, count: 2 },
      ]),
    );
  });

  it("copies records in and out, like a database", async () => {
    const store = new InMemoryDataKeyStore();
    const original = record("ten_a", 1);
    await store.insertDataKey(original);
    original.wrappedKey[0] = 42;
    const [read] = await store.findDataKeysByTenant("ten_a");
    if (read) read.wrappedKey[0] = 43;
    expect((await store.findDataKeysByTenant("ten_a"))[0]?.wrappedKey).toEqual(Uint8Array.of(1, 1));
  });
});
