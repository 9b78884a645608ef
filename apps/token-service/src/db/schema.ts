import type { AccountKind, ConnectionStatus, Platform } from "@postd/contracts";
import { createOutboxTable } from "@postd/service-kit";
import { createVaultTables } from "@postd/vault";
import { sql } from "drizzle-orm";
import {
  bigint,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  unique,
  uniqueIndex,
} from "drizzle-orm/pg-core";

// Not exported: drizzle-kit would emit a CREATE SCHEMA that runMigrations has already done (service-kit README).
const token = pgSchema("token");

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/**
 * One OAuth grant: a tenant's authorization of one platform user. Never a token here (they live encrypted in
 * `secrets`). `version` is bumped on every token change and fences refreshes; `refresh_owner`/`refresh_claimed_at`
 * is the claim a process holds while it sends the refresh token (ADR 0014).
 */
export const connections = token.table(
  "connections",
  {
    /** `con_…` */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    platform: text().$type<Platform>().notNull(),
    /** the platform's id of the user who consented (Meta user id, LinkedIn sub, TikTok open_id, …) */
    externalUserId: text().notNull(),
    displayName: text().notNull(),
    status: text().$type<ConnectionStatus>().notNull(),
    /** why the status is what it is (`invalid_grant`, `tenant_disconnected`, …); never a platform message */
    statusReason: text(),
    scopes: text().array().notNull().default(sql`'{}'::text[]`),
    /** when the access token expires; null: it does not (Mailchimp) */
    expiresAt: timestamp({ withTimezone: true }),
    refreshTokenExpiresAt: timestamp({ withTimezone: true }),
    /** non-secret facts from the connector (Mailchimp data center, …) */
    metadata: jsonb().$type<Record<string, string>>().notNull().default({}),
    version: integer().notNull().default(1),
    /** when the current access token was stored: with expires_at it gives the token's lifetime */
    tokenUpdatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    refreshOwner: text(),
    refreshClaimedAt: timestamp({ withTimezone: true }),
    /** failed refresh attempts since the last success (waiters also watch it to learn an attempt ended) */
    refreshFailures: integer().notNull().default(0),
    /** the last failure's kind and platform code (`transient:http_503`), never a message */
    lastRefreshError: text(),
    nextRefreshAt: timestamp({ withTimezone: true }),
    lastRefreshedAt: timestamp({ withTimezone: true }),
    lastHealthStatus: text(),
    lastHealthCheckedAt: timestamp({ withTimezone: true }),
    /** SHA-256 hex of the Mailchimp webhook URL secret (the secret itself is in `secrets`, encrypted) */
    webhookSecretHash: text(),
    ...timestamps,
  },
  (table) => [
    unique("connections_identity_key").on(table.tenantId, table.platform, table.externalUserId),
    index("connections_tenant_created_idx").on(table.tenantId, table.createdAt),
    index("connections_platform_user_idx").on(table.platform, table.externalUserId),
    uniqueIndex("connections_webhook_secret_hash_key")
      .on(table.webhookSecretHash)
      .where(sql`webhook_secret_hash is not null`),
    check(
      "connections_status_check",
      sql`status in ('active', 'expiring', 'needs_reauth', 'revoked', 'error')`,
    ),
  ],
);

/** The things on the platform a connection can post to (Pages, IG accounts, organizations, locations, audiences). */
export const connectionAccounts = token.table(
  "connection_accounts",
  {
    /** `acc_…` */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    connectionId: text()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    externalId: text().notNull(),
    kind: text().$type<AccountKind>().notNull(),
    name: text().notNull(),
    metadata: jsonb().$type<Record<string, string>>().notNull().default({}),
    /** set when a reconnect no longer lists the account */
    removedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (table) => [
    unique("connection_accounts_connection_external_key").on(table.connectionId, table.externalId),
    index("connection_accounts_tenant_idx").on(table.tenantId),
    index("connection_accounts_external_idx").on(table.externalId),
  ],
);

export const secretFields = ["access_token", "refresh_token", "account_token", "webhook_secret"] as const;
export type SecretField = (typeof secretFields)[number];

/**
 * Every token, encrypted by the vault (`v1.…`, AAD = tenant + record + field, where the record is the account for
 * `account_token` and the connection otherwise). `dek_version` mirrors the ciphertext header for rewraps.
 */
export const secrets = token.table(
  "secrets",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text().notNull(),
    connectionId: text()
      .notNull()
      .references(() => connections.id, { onDelete: "cascade" }),
    accountId: text().references(() => connectionAccounts.id, { onDelete: "cascade" }),
    field: text().$type<SecretField>().notNull(),
    ciphertext: text().notNull(),
    dekVersion: integer().notNull(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique("secrets_record_field_key")
      .on(table.connectionId, table.accountId, table.field)
      .nullsNotDistinct(),
    index("secrets_dek_version_idx").on(table.dekVersion),
    check(
      "secrets_field_check",
      sql`field in ('access_token', 'refresh_token', 'account_token', 'webhook_secret')`,
    ),
  ],
);

/** Who read which secret, for what, when — never the value. */
export const secretAccessLog = token.table(
  "secret_access_log",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    tenantId: text().notNull(),
    connectionId: text().notNull(),
    accountId: text(),
    field: text().$type<SecretField>().notNull(),
    /** the calling service (`Postd-Caller` header), or `token-service` for its own refreshes and revokes */
    caller: text().notNull(),
    purpose: text().notNull(),
    requestId: text(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("secret_access_log_connection_idx").on(table.tenantId, table.connectionId, table.at)],
);

/** The vault's wrapped data keys and its canary (@postd/vault's Drizzle tables, in this schema). */
export const { vaultDataKeys, vaultCanary } = createVaultTables(token);

/** Events this service consumed, so a redelivery has no second effect. */
export const processedEvents = token.table("processed_events", {
  eventId: text().primaryKey(),
  processedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});

export const outbox = createOutboxTable(token);

export type ConnectionRow = typeof connections.$inferSelect;
export type AccountRow = typeof connectionAccounts.$inferSelect;
export type SecretRow = typeof secrets.$inferSelect;

export const tables = {
  connections,
  connectionAccounts,
  secrets,
  secretAccessLog,
  vaultDataKeys,
  vaultCanary,
  processedEvents,
  outbox,
};
export type Tables = typeof tables;
