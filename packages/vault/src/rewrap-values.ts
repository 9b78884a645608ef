import { parseCiphertextHeader } from "./ciphertext-format";
import { decryptValue } from "./decrypt-value";
import { type DataKey, sealValue } from "./value-cipher";
import type { DataKeyVersionCount, EncryptedValueRow, ValueSource } from "./value-source";
import type { VaultContext } from "./vault-context";
import { VaultError, type VaultErrorCode } from "./vault-error";

export interface RewrapValuesOptions {
  source: ValueSource;
  /** Rows per batch (default 100). */
  batchSize?: number;
  /**
   * Rows under a data-key version below this are re-encrypted under their tenant's current key. Default: each
   * tenant's current version (every older value moves). A tenant whose current key is below it fails its rows
   * with `key_version_retired`: rotate that tenant first.
   */
  minVersion?: number;
  /** Start after this cursor (a checkpoint from `onProgress`); by default the whole source is scanned. */
  after?: string;
  /** Stops between rows by throwing the signal's reason; a later run carries on. */
  signal?: AbortSignal;
  onProgress?: (progress: RewrapValuesReport) => void;
}

export interface RewrapValuesReport {
  scanned: number;
  rewrapped: number;
  /** Already at or above the target version. */
  skipped: number;
  /** Changed by a writer meanwhile: left alone (a re-run picks them up if still old). */
  conflicts: number;
  /** Rows that cannot be decrypted or moved; the first 100 are in `failures`. */
  failed: number;
  failures: Array<{ cursor: string; code: VaultErrorCode }>;
  /** Last row handled: resume with `after: cursor`. */
  cursor: string | undefined;
  /** From `source.countByVersion` at the end, when the source offers it. */
  versionCounts?: DataKeyVersionCount[];
}

const MAX_LISTED_FAILURES = 100;

/**
 * Data-key rewrap: re-encrypts every value under an old data-key version with its tenant's current key. Each row
 * is replaced by compare-and-set, so values written meanwhile are never overwritten. Killed halfway, a re-run
 * skips what is done and finishes. Undecryptable rows are counted and listed, not fatal; errors of the source,
 * the store or the key provider throw.
 */
export async function rewrapValues(
  ctx: VaultContext,
  options: RewrapValuesOptions,
): Promise<RewrapValuesReport> {
  const { source, signal } = options;
  const limit = Math.max(1, options.batchSize ?? 100);
  const report: RewrapValuesReport = {
    scanned: 0,
    rewrapped: 0,
    skipped: 0,
    conflicts: 0,
    failed: 0,
    failures: [],
    cursor: options.after,
  };
  const targets = new Map<string, DataKey | VaultError>();
  for (;;) {
    signal?.throwIfAborted();
    const before = report.cursor;
    const batch = await source.nextBatch({ after: before, limit, belowVersion: options.minVersion });
    if (batch.length === 0) break;
    for (const row of batch) {
      signal?.throwIfAborted();
      report.scanned += 1;
      await rewrapRow({ ctx, source, row, targets, minVersion: options.minVersion, report });
      report.cursor = row.cursor;
    }
    if (report.cursor === before) {
      throw new VaultError(
        "invalid_input",
        "the value source returned no row after its cursor: it ignores `after`",
      );
    }
    options.onProgress?.({ ...report, failures: [...report.failures] });
  }
  if (source.countByVersion) report.versionCounts = await source.countByVersion();
  return report;
}

interface RewrapRowInput {
  ctx: VaultContext;
  source: ValueSource;
  row: EncryptedValueRow;
  /** Each tenant's current key (or why there is none), read fresh from the store once per run. */
  targets: Map<string, DataKey | VaultError>;
  minVersion: number | undefined;
  report: RewrapValuesReport;
}

async function rewrapRow(input: RewrapRowInput): Promise<void> {
  const { ctx, row, report } = input;
  try {
    const { dataKeyVersion } = parseCiphertextHeader(row.ciphertext);
    const target = await currentTarget(ctx, input.targets, row.tenantId);
    const threshold = input.minVersion ?? target.version;
    if (dataKeyVersion >= threshold) {
      report.skipped += 1;
      return;
    }
    if (target.version < threshold) {
      throw new VaultError(
        "key_version_retired",
        `tenant ${row.tenantId}'s current data key ${target.version} is below ${threshold}: rotate it first`,
      );
    }
    const plaintext = await decryptValue(ctx, row);
    const next = sealValue({ key: target, context: row, plaintext });
    if (await input.source.replace({ row, next })) report.rewrapped += 1;
    else report.conflicts += 1;
  } catch (error) {
    if (!(error instanceof VaultError) || error.retryable) throw error;
    report.failed += 1;
    if (report.failures.length < MAX_LISTED_FAILURES)
      report.failures.push({ cursor: row.cursor, code: error.code });
  }
}

async function currentTarget(
  ctx: VaultContext,
  targets: Map<string, DataKey | VaultError>,
  tenantId: string,
): Promise<DataKey> {
  let target = targets.get(tenantId);
  if (target === undefined) {
    try {
      target = await ctx.ring.current(tenantId, { fresh: true });
    } catch (error) {
      if (!(error instanceof VaultError) || error.retryable) throw error;
      target = error;
    }
    targets.set(tenantId, target);
  }
  if (target instanceof VaultError) throw target;
  return target;
}
