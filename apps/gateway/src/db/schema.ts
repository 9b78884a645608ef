import { createOutboxTable } from "@postd/service-kit";
import { sql } from "drizzle-orm";
import { index, jsonb, pgSchema, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

// Not exported: drizzle-kit would emit `CREATE SCHEMA "gateway"` without IF NOT EXISTS (service-kit README).
const gateway = pgSchema("gateway");

/** A customer of POSTD. Global table: the tenant row is what every other row's tenant_id points at. */
export const tenants = gateway.table("tenants", {
  id: text().primaryKey(),
  name: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

/** A tenant's API keys: only the SHA-256 of each key is stored; the key itself is shown once. */
export const apiKeys = gateway.table(
  "api_keys",
  {
    id: text().primaryKey(),
    tenantId: text()
      .notNull()
      .references(() => tenants.id),
    /** hex SHA-256 of the whole key: what a request's key is looked up by */
    keyHash: text().notNull(),
    /** the first characters of the key, so a person can tell their keys apart */
    prefix: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    revokedAt: timestamp({ withTimezone: true }),
    lastUsedAt: timestamp({ withTimezone: true }),
  },
  (table) => [uniqueIndex("api_keys_key_hash_idx").on(table.keyHash), index().on(table.tenantId)],
);

/** One row per platform webhook event taken in: the unique key makes a redelivery a no-op. */
export const webhookReceipts = gateway.table(
  "webhook_receipts",
  {
    id: text().primaryKey(),
    platform: text().notNull(),
    platformEventId: text().notNull(),
    receivedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    /** null when no connected account matched the event, or several tenants did */
    tenantId: text(),
    connectionId: text(),
  },
  (table) => [uniqueIndex("webhook_receipts_platform_event_idx").on(table.platform, table.platformEventId)],
);

/** Who did what: admin changes and refused webhook deliveries. `details` never holds a secret. */
export const auditLog = gateway.table(
  "audit_log",
  {
    id: text().primaryKey(),
    /** null for events that concern no tenant (a forged webhook) */
    tenantId: text(),
    /** `admin`, `platform:<name>`, `key:<keyId>` */
    actor: text().notNull(),
    action: text().notNull(),
    target: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
    details: jsonb().$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  },
  (table) => [index().on(table.tenantId, table.at), index().on(table.action, table.at)],
);

export const outbox = createOutboxTable(gateway);

export const tables = { tenants, apiKeys, webhookReceipts, auditLog, outbox };
export type GatewayTables = typeof tables;
