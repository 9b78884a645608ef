import { and, asc, count, eq, ne, sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { CanaryStore } from "../canary-store";
import type { DataKeyRecord, DataKeyStore } from "../data-key-store";
import type { VaultTables } from "./vault-tables";

/** Any Drizzle Postgres database (the service's own, whatever its tables). */
export type VaultDatabase = PgDatabase<PgQueryResultHKT, Record<string, unknown>>;

/** The `DataKeyStore` on a service's `vault_data_keys` table (primary key (tenant_id, version)). */
export function createDrizzleDataKeyStore(db: VaultDatabase, tables: VaultTables): DataKeyStore {
  const keys = tables.vaultDataKeys;
  return {
    async findDataKeysByTenant(tenantId) {
      const rows = await db.select().from(keys).where(eq(keys.tenantId, tenantId));
      return rows.map(toRecord);
    },
    async insertDataKey(record) {
      const inserted = await db
        .insert(keys)
        .values({
          tenantId: record.tenantId,
          version: record.version,
          kekVersion: record.kekVersion,
          wrappedKey: record.wrappedKey,
        })
        .onConflictDoNothing()
        .returning({ version: keys.version });
      return inserted.length === 1;
    },
    async replaceWrappedKey(input) {
      const replaced = await db
        .update(keys)
        .set({ kekVersion: input.next.kekVersion, wrappedKey: input.next.wrappedKey })
        .where(
          and(
            eq(keys.tenantId, input.tenantId),
            eq(keys.version, input.version),
            eq(keys.kekVersion, input.expected.kekVersion),
            eq(keys.wrappedKey, input.expected.wrappedKey),
          ),
        )
        .returning({ version: keys.version });
      return replaced.length === 1;
    },
    async listDataKeys(input) {
      const rows = await db
        .select()
        .from(keys)
        .where(
          and(
            input.after
              ? sql`(${keys.tenantId}, ${keys.version}) > (${input.after.tenantId}, ${input.after.version})`
              : undefined,
            input.excludeKekVersion === undefined ? undefined : ne(keys.kekVersion, input.excludeKekVersion),
          ),
        )
        .orderBy(asc(keys.tenantId), asc(keys.version))
        .limit(input.limit);
      return rows.map(toRecord);
    },
    async countDataKeysByKekVersion() {
      return db
        .select({ kekVersion: keys.kekVersion, count: count() })
        .from(keys)
        .groupBy(keys.kekVersion)
        .orderBy(asc(keys.kekVersion));
    },
  };
}

const canaryId = 1;

/** The `CanaryStore` on a service's one-row `vault_canary` table, written by compare-and-set. */
export function createDrizzleCanaryStore(db: VaultDatabase, tables: VaultTables): CanaryStore {
  const canary = tables.vaultCanary;
  return {
    async readCanary() {
      const [row] = await db.select().from(canary).where(eq(canary.id, canaryId));
      return row?.value;
    },
    async writeCanary({ expected, next }) {
      if (expected === undefined) {
        const inserted = await db
          .insert(canary)
          .values({ id: canaryId, value: next })
          .onConflictDoNothing()
          .returning({ id: canary.id });
        return inserted.length === 1;
      }
      const updated = await db
        .update(canary)
        .set({ value: next })
        .where(and(eq(canary.id, canaryId), eq(canary.value, expected)))
        .returning({ id: canary.id });
      return updated.length === 1;
    },
  };
}

function toRecord(row: VaultTables["vaultDataKeys"]["$inferSelect"]): DataKeyRecord {
  return {
    tenantId: row.tenantId,
    version: row.version,
    kekVersion: row.kekVersion,
    wrappedKey: row.wrappedKey,
  };
}
