import { assertKeyVersion } from "./aad";
import { parseCanaryVersion } from "./canary";
import type { DataKeyCursor, DataKeyRecord } from "./data-key-store";
import type { VaultContext } from "./vault-context";
import { VaultError, type VaultErrorCode } from "./vault-error";
import { pinCanary } from "./verify-master-key";
import { currentKekVersion, unwrapDataKey, wrapDataKey } from "./wrap-data-key";

export interface RewrapDataKeysOptions {
  /** Master-key version to move every data key to; defaults to the provider's current version. */
  toKekVersion?: number;
  /** Data keys per store page (default 100). */
  batchSize?: number;
  /** Stops between keys by throwing the signal's reason; a later run carries on. */
  signal?: AbortSignal;
  onProgress?: (progress: RewrapDataKeysReport) => void;
}

export interface RewrapDataKeysReport {
  toKekVersion: number;
  scanned: number;
  rewrapped: number;
  /** Keys whose wrapping changed under us (another rewrap); the count of `remaining` tells whether that matters. */
  conflicts: number;
  /** Keys that could not be rewrapped (cannot be unwrapped, or refused); the first 100 are in `failures`. */
  failed: number;
  failures: Array<{ tenantId: string; version: number; code: VaultErrorCode }>;
  /** Data keys still wrapped by another master-key version (from the store; after each page and at the end). */
  remaining: number;
}

const MAX_LISTED_FAILURES = 100;

/**
 * Master-key rotation: rewraps every data key under `toKekVersion` without touching any value. Compare-and-set
 * per key, so it is safe beside a concurrent run, and resumable: a re-run finds only what is left. A key that
 * cannot be unwrapped is listed in `failures` and skipped; provider outages and store errors throw. Once nothing
 * is left on another version, the canary moves to the new version too.
 */
export async function rewrapDataKeys(
  ctx: VaultContext,
  options: RewrapDataKeysOptions = {},
): Promise<RewrapDataKeysReport> {
  const toKekVersion = assertKeyVersion(
    options.toKekVersion ?? (await currentKekVersion(ctx.provider)),
    "target master-key version",
  );
  const limit = Math.max(1, options.batchSize ?? 100);
  const report: RewrapDataKeysReport = {
    toKekVersion,
    scanned: 0,
    rewrapped: 0,
    conflicts: 0,
    failed: 0,
    failures: [],
    remaining: 0,
  };
  let after: DataKeyCursor | undefined;
  for (;;) {
    options.signal?.throwIfAborted();
    const page = await ctx.store.listDataKeys({
      limit,
      excludeKekVersion: toKekVersion,
      ...(after ? { after } : {}),
    });
    if (page.length === 0) break;
    for (const record of page) {
      options.signal?.throwIfAborted();
      report.scanned += 1;
      await rewrapOne(ctx, record, toKekVersion, report);
      after = { tenantId: record.tenantId, version: record.version };
    }
    report.remaining = await countRemaining(ctx, toKekVersion);
    options.onProgress?.({ ...report, failures: [...report.failures] });
  }
  report.remaining = await countRemaining(ctx, toKekVersion);
  if (report.remaining === 0) await moveCanary(ctx, toKekVersion);
  return report;
}

async function rewrapOne(
  ctx: VaultContext,
  record: DataKeyRecord,
  toKekVersion: number,
  report: RewrapDataKeysReport,
): Promise<void> {
  let plaintextKey: Buffer | undefined;
  try {
    plaintextKey = await unwrapDataKey(ctx.provider, record);
    const wrappedKey = await wrapDataKey(ctx.provider, { ...record, kekVersion: toKekVersion, plaintextKey });
    const replaced = await ctx.store.replaceWrappedKey({
      tenantId: record.tenantId,
      version: record.version,
      expected: { kekVersion: record.kekVersion, wrappedKey: record.wrappedKey },
      next: { kekVersion: toKekVersion, wrappedKey },
    });
    if (replaced) report.rewrapped += 1;
    else report.conflicts += 1;
  } catch (error) {
    if (!(error instanceof VaultError) || error.retryable) throw error;
    report.failed += 1;
    if (report.failures.length < MAX_LISTED_FAILURES) {
      report.failures.push({ tenantId: record.tenantId, version: record.version, code: error.code });
    }
  } finally {
    plaintextKey?.fill(0);
  }
}

async function countRemaining(ctx: VaultContext, toKekVersion: number): Promise<number> {
  const counts = await ctx.store.countDataKeysByKekVersion();
  return counts.reduce((sum, { kekVersion, count }) => (kekVersion === toKekVersion ? sum : sum + count), 0);
}

/** The canary follows the data keys, so start-up keeps working once the old secret is removed. */
async function moveCanary(ctx: VaultContext, toKekVersion: number): Promise<void> {
  const { canaryStore } = ctx;
  if (canaryStore === undefined) return;
  const stored = await canaryStore.readCanary();
  if (stored !== undefined && parseCanaryVersion(stored) === toKekVersion) return;
  const current = await currentKekVersion(ctx.provider);
  if (current !== toKekVersion) return; // canaries are made under the current version only
  await pinCanary({ keyProvider: ctx.provider, canaryStore, dataKeyStore: ctx.store }, stored);
}
