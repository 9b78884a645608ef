/** One stored encrypted value, as the owning service lists it for a rewrap. */
export interface EncryptedValueRow {
  /** Position of the row in the source's order (e.g. the primary key); opaque to the vault. */
  cursor: string;
  tenantId: string;
  recordId: string;
  field: string;
  ciphertext: string;
}

export interface DataKeyVersionCount {
  dataKeyVersion: number;
  count: number;
}

/**
 * The owning service's encrypted values, for a data-key rewrap. token-service implements it over its tables (one
 * row per (connection, field)); the vault never learns the schema.
 */
export interface ValueSource {
  /**
   * Up to `limit` rows with a cursor after `after` (all rows when undefined), in ascending cursor order. The source
   * may leave out rows already at or above `belowVersion` (e.g. from a `dek_version` column); the vault checks each
   * row anyway, so returning them is only slower.
   */
  nextBatch(input: {
    after: string | undefined;
    limit: number;
    belowVersion: number | undefined;
  }): Promise<EncryptedValueRow[]>;
  /**
   * Compare-and-set: store `next` only if the row still holds `row.ciphertext`. Returns false when the value
   * changed meanwhile (a newer write wins; the rewrap never overwrites it).
   */
  replace(input: { row: EncryptedValueRow; next: string }): Promise<boolean>;
  /** Rows per data-key version, for progress reports (optional). */
  countByVersion?(): Promise<DataKeyVersionCount[]>;
}
