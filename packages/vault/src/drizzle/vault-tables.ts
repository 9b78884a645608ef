import { sql } from "drizzle-orm";
import {
  check,
  customType,
  index,
  integer,
  type PgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
} from "drizzle-orm/pg-core";

/** The vault hands and takes keys as Uint8Array; postgres.js speaks Buffer. */
const bytea = customType<{ data: Uint8Array; driverData: Buffer }>({
  dataType: () => "bytea",
  toDriver: (value) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
  fromDriver: (value) => new Uint8Array(value),
});

/** Byte-order text, so the vault's (tenant_id, version) paging order is the same on every server locale. */
const byteOrderText = customType<{ data: string }>({ dataType: () => 'text collate "C"' });

/**
 * The vault's two tables in a service's own Postgres schema: `vault_data_keys` (each tenant's wrapped data keys,
 * one row per version) and `vault_canary` (the one row proving the configured master key is the one the data
 * was written under). Export both from the service's Drizzle schema so drizzle-kit generates them.
 */
export function createVaultTables(schema: PgSchema) {
  const vaultDataKeys = schema.table(
    "vault_data_keys",
    {
      tenantId: byteOrderText().notNull(),
      version: integer().notNull(),
      kekVersion: integer().notNull(),
      wrappedKey: bytea().notNull(),
      createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    },
    (table) => [
      primaryKey({ name: "vault_data_keys_pkey", columns: [table.tenantId, table.version] }),
      index("vault_data_keys_kek_version_idx").on(table.kekVersion),
    ],
  );
  const vaultCanary = schema.table(
    "vault_canary",
    {
      id: smallint().primaryKey(),
      value: text().notNull(),
    },
    () => [check("vault_canary_single_row", sql`id = 1`)],
  );
  return { vaultDataKeys, vaultCanary };
}

export type VaultTables = ReturnType<typeof createVaultTables>;
