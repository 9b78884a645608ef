import { describe, expect, it } from "vitest";
import { parseCiphertextHeader, type Vault } from "../src/index";
import { makeVault } from "./support/fixtures";
import { InMemoryValueSource } from "./support/in-memory-value-source";

const TENANTS = 8;
const RECORDS = 15;

/** 8 tenants × 15 records × 2 fields written under data key 1, then every tenant rotated to 2. */
async function seed(vault: Vault, options: { beforeRotation?: () => Promise<unknown> } = {}) {
  const source = new InMemoryValueSource();
  const plaintexts = new Map<string, string>();
  for (let t = 0; t < TENANTS; t++) {
    for (let r = 0; r < RECORDS; r++) {
      for (const field of ["access_token", "refresh_token"]) {
        const at = { tenantId: `ten_${t}`, recordId: `con_${r}`, field };
        const plaintext = `${at.tenantId}:${at.recordId}:${field}`;
        plaintexts.set(
          source.add({ ...at, ciphertext: await vault.encrypt({ ...at, plaintext }) }),
          plaintext,
        );
      }
    }
  }
  await options.beforeRotation?.();
  for (let t = 0; t < TENANTS; t++) await vault.rotateDataKey({ tenantId: `ten_${t}` });
  return { source, plaintexts };
}

async function check(vault: Vault, source: InMemoryValueSource, plaintexts: Map<string, string>) {
  const versions = new Map<number, number>();
  let unreadable = 0;
  for (const [cursor, row] of source.rows) {
    const version = parseCiphertextHeader(row.ciphertext).dataKeyVersion;
    versions.set(version, (versions.get(version) ?? 0) + 1);
    if ((await vault.decrypt(row).catch(() => undefined)) !== plaintexts.get(cursor)) unreadable += 1;
  }
  return { unreadable, versions: Object.fromEntries(versions) };
}

const total = TENANTS * RECORDS * 2;

describe("data-key rewrap", () => {
  it("moves every value to its tenant's new data key", async () => {
    const { vault } = makeVault();
    const { source, plaintexts } = await seed(vault);
    const report = await vault.rewrapValues({ source, batchSize: 16 });
    expect(report).toMatchObject({ scanned: total, rewrapped: total, conflicts: 0, failed: 0 });
    expect(report.versionCounts).toEqual([{ dataKeyVersion: 2, count: total }]);
    expect(await check(vault, source, plaintexts)).toEqual({ unreadable: 0, versions: { 2: total } });
  });

  it("killed halfway and run again, finishes with every value readable and none on the old version", async () => {
    const { vault } = makeVault();
    const { source, plaintexts } = await seed(vault);
    source.beforeReplace = () => {
      if (source.replaceCalls > 100) throw new Error("SIGKILL");
    };
    await expect(vault.rewrapValues({ source, batchSize: 16 })).rejects.toThrow("SIGKILL");
    expect(await check(vault, source, plaintexts)).toEqual({
      unreadable: 0,
      versions: { 1: total - 100, 2: 100 },
    });

    source.beforeReplace = undefined;
    const resumed = await vault.rewrapValues({ source, batchSize: 16 });
    expect(resumed).toMatchObject({ rewrapped: total - 100, skipped: 100, failed: 0 });
    expect(await check(vault, source, plaintexts)).toEqual({ unreadable: 0, versions: { 2: total } });
  });

  it("stops on an abort signal and resumes from the reported cursor", async () => {
    const { vault } = makeVault();
    const { source, plaintexts } = await seed(vault);
    const controller = new AbortController();
    let checkpoint: string | undefined;
    const stopped = vault.rewrapValues({
      source,
      batchSize: 10,
      signal: controller.signal,
      onProgress: (progress) => {
        checkpoint = progress.cursor;
        if (progress.scanned >= 50) controller.abort();
      },
    });
    await expect(stopped).rejects.toThrow();
    expect(checkpoint).toBe("00000050");
    const resumed = await vault.rewrapValues({ source, after: checkpoint, batchSize: 10, minVersion: 2 });
    expect(resumed).toMatchObject({ scanned: total - 50, rewrapped: total - 50 });
    expect(await check(vault, source, plaintexts)).toEqual({ unreadable: 0, versions: { 2: total } });
  });

  it("never overwrites a value written meanwhile, and a re-run picks up stale writers' old values", async () => {
    const { vault, store } = makeVault();
    // a replica that has not seen the rotation yet: its cached current key of ten_0 stays version 1
    const stale = makeVault({ store, currentVersionTtlMs: 3_600_000 }).vault;
    const { source, plaintexts } = await seed(vault, {
      beforeRotation: () =>
        stale.encrypt({ tenantId: "ten_0", recordId: "warm", field: "f", plaintext: "x" }),
    });

    source.beforeReplace = async (row) => {
      if (row.cursor === "00000003") {
        const updated = await vault.encrypt({ ...row, plaintext: "updated by a refresh" });
        source.rows.set(row.cursor, { ...row, ciphertext: updated });
        plaintexts.set(row.cursor, "updated by a refresh");
      }
      if (row.cursor === "00000004") {
        const updated = await stale.encrypt({ ...row, plaintext: "written by a stale replica" });
        source.rows.set(row.cursor, { ...row, ciphertext: updated });
        plaintexts.set(row.cursor, "written by a stale replica");
      }
    };
    const first = await vault.rewrapValues({ source, batchSize: 16 });
    expect(first).toMatchObject({ rewrapped: total - 2, conflicts: 2 });
    expect(await check(vault, source, plaintexts)).toEqual({
      unreadable: 0,
      versions: { 1: 1, 2: total - 1 },
    });

    source.beforeReplace = undefined;
    const second = await vault.rewrapValues({ source, batchSize: 16 });
    expect(second).toMatchObject({ rewrapped: 1, skipped: total - 1, conflicts: 0 });
    expect(await check(vault, source, plaintexts)).toEqual({ unreadable: 0, versions: { 2: total } });
  });

  it("once finished, a minimum version refuses any value left on the old key", async () => {
    let minimum = 1;
    const { vault } = makeVault({ minimumDataKeyVersion: () => minimum });
    const { source, plaintexts } = await seed(vault);
    const leftover = { tenantId: "ten_0", recordId: "con_x", field: "access_token" };
    const oldCiphertext = (await source.nextBatch({ after: undefined, limit: 1, belowVersion: undefined }))[0]
      ?.ciphertext;
    await vault.rewrapValues({ source });
    minimum = 2;
    expect(await check(vault, source, plaintexts)).toEqual({ unreadable: 0, versions: { 2: total } });
    await expect(
      vault.decrypt({ ...leftover, recordId: "con_0", ciphertext: oldCiphertext ?? "" }),
    ).rejects.toMatchObject({ code: "key_version_retired" });
  });

  it("lists rows it cannot read or move instead of stopping", async () => {
    const { vault } = makeVault();
    const { source } = await seed(vault);
    const victim = source.rows.get("00000002");
    if (victim === undefined) throw new Error("no row");
    victim.recordId = "moved";
    source.add({ tenantId: "ten_0", recordId: "junk", field: "f", ciphertext: "not-a-ciphertext" });
    const report = await vault.rewrapValues({ source, batchSize: 50 });
    expect(report.failures).toEqual([
      { cursor: "00000002", code: "decrypt_failed" },
      { cursor: String(total + 1).padStart(8, "0"), code: "unsupported_format" },
    ]);
    expect(report).toMatchObject({ rewrapped: total - 1, failed: 2 });

    const beyond = await vault.rewrapValues({ source, minVersion: 3 });
    expect(beyond.failures[0]).toEqual({ cursor: "00000001", code: "key_version_retired" });
  });
});
