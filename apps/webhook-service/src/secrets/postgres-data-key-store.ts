import type { DataKeyRecord, DataKeyStore } from "@postd/vault";
import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import { vaultDataKeys } from "../db/schema";
import type { WebhookDatabase } from "../db/webhook-database";

/** The vault's wrapped data keys in `webhooks.vault_data_keys` (primary key (tenant_id, version), byte-order text). */
export function createPostgresDataKeyStore(db: WebhookDatabase): DataKeyStore {
  return {
    async findDataKeysByTenant(tenantId) {
      const rows = await db.select().from(vaultDataKeys).where(eq(vaultDataKeys.tenantId, tenantId));
      return rows.map(toRecord);
    },
    async insertDataKey(record) {
      const inserted = await db
        .insert(vaultDataKeys)
        .values({
          tenantId: record.tenantId,
          version: record.version,
          kekVersion: record.kekVersion,
          wrappedKey: record.wrappedKey,
        })
        .onConflictDoNothing()
        .returning({ version: vaultDataKeys.version });
      return inserted.length === 1;
    },
    async replaceWrappedKey(input) {
      const replaced = await db
        .update(vaultDataKeys)
        .set({ kekVersion: input.next.kekVersion, wrappedKey: input.next.wrappedKey })
        .where(
          and(
            eq(vaultDataKeys.tenantId, input.tenantId),
            eq(vaultDataKeys.version, input.version),
            eq(vaultDataKeys.kekVersion, input.expected.kekVersion),
            eq(vaultDataKeys.wrappedKey, input.expected.wrappedKey),
          ),
        )
        .returning({ version: vaultDataKeys.version });
      return replaced.length === 1;
    },
    async listDataKeys(input) {
      const rows = await db
        .select()
        .from(vaultDataKeys)
        .where(
          and(
            input.after
              ? sql`(${vaultDataKeys.tenantId}, ${vaultDataKeys.version}) > (${input.after.tenantId}, ${input.after.version})`
              : undefined,
            input.excludeKekVersion === undefined
              ? undefined
              : ne(vaultDataKeys.kekVersion, input.excludeKekVersion),
          ),
        )
        .orderBy(asc(vaultDataKeys.tenantId), asc(vaultDataKeys.version))
        .limit(input.limit);
      return rows.map(toRecord);
    },
    async countDataKeysByKekVersion() {
      const rows = await db
        .select({ kekVersion: vaultDataKeys.kekVersion, count: count() })
        .from(vaultDataKeys)
        .groupBy(vaultDataKeys.kekVersion)
        .orderBy(asc(vaultDataKeys.kekVersion));
      return rows;
    },
  };
}

function toRecord(row: typeof vaultDataKeys.$inferSelect): DataKeyRecord {
  return {
    tenantId: row.tenantId,
    version: row.version,
    kekVersion: row.kekVersion,
    wrappedKey: row.wrappedKey,
  };
}
