import { type EncryptedValueRow, parseCiphertextHeader, type ValueSource } from "../../src/index";

export interface StoredRow {
  tenantId: string;
  recordId: string;
  field: string;
  ciphertext: string;
}

/**
 * A ValueSource over an in-memory table, cursor = zero-padded row number (string order = insertion order). Hooks
 * let a test act between a row being read and replaced (a concurrent writer) or crash the rewrap mid-way.
 */
export class InMemoryValueSource implements ValueSource {
  readonly rows = new Map<string, StoredRow>();
  replaceCalls = 0;
  /** Runs before each compare-and-set, e.g. to write a newer value or throw like a killed process. */
  beforeReplace: ((row: EncryptedValueRow) => void | Promise<void>) | undefined;

  add(row: StoredRow): string {
    const cursor = String(this.rows.size + 1).padStart(8, "0");
    this.rows.set(cursor, { ...row });
    return cursor;
  }

  async nextBatch(input: { after: string | undefined; limit: number; belowVersion: number | undefined }) {
    const { after, belowVersion } = input;
    return [...this.rows]
      .filter(([cursor]) => after === undefined || cursor > after)
      .filter(([, row]) => belowVersion === undefined || versionOf(row.ciphertext) < belowVersion)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .slice(0, input.limit)
      .map(([cursor, row]) => ({ cursor, ...row }));
  }

  async replace(input: { row: EncryptedValueRow; next: string }): Promise<boolean> {
    this.replaceCalls += 1;
    await this.beforeReplace?.(input.row);
    const stored = this.rows.get(input.row.cursor);
    if (stored === undefined || stored.ciphertext !== input.row.ciphertext) return false;
    stored.ciphertext = input.next;
    return true;
  }

  async countByVersion() {
    const counts = new Map<number, number>();
    for (const row of this.rows.values()) {
      const version = versionOf(row.ciphertext);
      counts.set(version, (counts.get(version) ?? 0) + 1);
    }
    return [...counts].map(([dataKeyVersion, count]) => ({ dataKeyVersion, count }));
  }
}

function versionOf(ciphertext: string): number {
  try {
    return parseCiphertextHeader(ciphertext).dataKeyVersion;
  } catch {
    return 0;
  }
}
