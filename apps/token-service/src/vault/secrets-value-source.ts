import { type EncryptedValueRow, parseCiphertextHeader, type ValueSource } from "@postd/vault";
import { and, asc, count, eq, gt, lt } from "drizzle-orm";
import { type SecretRow, secrets } from "../db/schema";
import type { TokenDatabase } from "../db/token-database";
import { secretRecordId } from "../secrets/secret-record";

/** `token.secrets` as the vault's value source for a data-key rewrap (cursor = the row id), optionally one tenant. */
export function createSecretsValueSource(
  db: TokenDatabase,
  options: { tenantId?: string } = {},
): ValueSource {
  const tenantFilter = options.tenantId === undefined ? undefined : eq(secrets.tenantId, options.tenantId);
  return {
    async nextBatch({ after, limit, belowVersion }) {
      const rows = await db
        .select()
        .from(secrets)
        .where(
          and(
            tenantFilter,
            after === undefined ? undefined : gt(secrets.id, Number(after)),
            belowVersion === undefined ? undefined : lt(secrets.dekVersion, belowVersion),
          ),
        )
        .orderBy(asc(secrets.id))
        .limit(limit);
      return rows.map(toValueRow);
    },
    async replace({ row, next }) {
      const replaced = await db
        .update(secrets)
        .set({
          ciphertext: next,
          dekVersion: parseCiphertextHeader(next).dataKeyVersion,
          updatedAt: new Date(),
        })
        .where(and(eq(secrets.id, Number(row.cursor)), eq(secrets.ciphertext, row.ciphertext)))
        .returning({ id: secrets.id });
      return replaced.length === 1;
    },
    async countByVersion() {
      const rows = await db
        .select({ dataKeyVersion: secrets.dekVersion, count: count() })
        .from(secrets)
        .where(tenantFilter)
        .groupBy(secrets.dekVersion)
        .orderBy(asc(secrets.dekVersion));
      return rows;
    },
  };
}

function toValueRow(row: SecretRow): EncryptedValueRow {
  return {
    cursor: String(row.id),
    tenantId: row.tenantId,
    recordId: secretRecordId(row),
    field: row.field,
    ciphertext: row.ciphertext,
  };
}
