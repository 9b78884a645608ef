import type { WebhookDeliveryStatus, WebhookEventType } from "@postd/contracts";
import { createOutboxTable } from "@postd/service-kit";
import { createVaultTables } from "@postd/vault";
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  unique,
} from "drizzle-orm/pg-core";

// Not exported: drizzle-kit would emit a CREATE SCHEMA that runMigrations has already done (service-kit README).
const webhooks = pgSchema("webhooks");

const at = () => timestamp({ withTimezone: true });

/**
 * A tenant's receiver. The signing secrets are stored only encrypted by the vault (`v1.…`, AAD = tenant +
 * endpoint + "signing_secret"); after a rotation the previous one signs alongside until `previous_secret_expires_at`.
 * `consecutive_failures`/`failing_since` count failed attempts since the last success (disabling after days).
 */
export const endpoints = webhooks.table(
  "endpoints",
  {
    /** `whe_…` */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    url: text().notNull(),
    /** subjects the endpoint receives; empty = all */
    events: text().array().$type<WebhookEventType[]>().notNull().default(sql`'{}'::text[]`),
    description: text(),
    enabled: boolean().notNull().default(true),
    disabledReason: text(),
    secretCiphertext: text().notNull(),
    previousSecretCiphertext: text(),
    previousSecretExpiresAt: at(),
    consecutiveFailures: integer().notNull().default(0),
    failingSince: at(),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
    deletedAt: at(),
  },
  (table) => [index("endpoints_tenant_idx").on(table.tenantId, table.id).where(sql`deleted_at is null`)],
);

/**
 * One event for one endpoint. `(endpoint_id, event_id)` is unique, so an event delivered to us twice never makes
 * a second delivery. `attempts` counts every attempt ever made; `series_start` is the count when the current
 * series began (a replay starts a new one), which the backoff is measured from. `lease_expires_at` is set while a
 * worker sends an attempt, so two workers never send the same attempt at once.
 */
export const deliveries = webhooks.table(
  "deliveries",
  {
    /** `whd_…`, also the `Postd-Webhook-Id` header and the payload's `id` */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    endpointId: text()
      .notNull()
      .references(() => endpoints.id, { onDelete: "cascade" }),
    /** the event envelope's id (`evt_…`), or a fresh one for a ping */
    eventId: text().notNull(),
    /** the event's subject, or `ping` */
    eventSubject: text().notNull(),
    /** the event's data exactly as sent in the payload's `data`: ids, statuses, URLs, error codes; never secrets */
    payload: jsonb().$type<Record<string, unknown>>().notNull(),
    /** when the event happened (the payload's `createdAt`) */
    occurredAt: at().notNull(),
    status: text().$type<WebhookDeliveryStatus>().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    seriesStart: integer().notNull().default(0),
    nextAttemptAt: at(),
    leaseExpiresAt: at(),
    lastStatusCode: integer(),
    lastError: text(),
    createdAt: at().notNull().defaultNow(),
    updatedAt: at().notNull().defaultNow(),
    deliveredAt: at(),
  },
  (table) => [
    unique("deliveries_endpoint_event_key").on(table.endpointId, table.eventId),
    index("deliveries_endpoint_idx").on(table.tenantId, table.endpointId, table.id),
    index("deliveries_event_idx").on(table.eventId),
    // the reconciler pages through the waiting deliveries by id
    index("deliveries_waiting_idx").on(table.id).where(sql`status in ('pending', 'retrying')`),
    check("deliveries_status_check", sql`status in ('pending', 'delivered', 'retrying', 'dead')`),
  ],
);

/** Every attempt, numbered from 1 per delivery across series: what came back, how long it took, what failed. */
export const deliveryAttempts = webhooks.table(
  "delivery_attempts",
  {
    deliveryId: text()
      .notNull()
      .references(() => deliveries.id, { onDelete: "cascade" }),
    number: integer().notNull(),
    tenantId: text().notNull(),
    at: at().notNull().defaultNow(),
    statusCode: integer(),
    latencyMs: integer().notNull(),
    /** the first WEBHOOK_RESPONSE_EXCERPT_BYTES of the response body */
    responseExcerpt: text(),
    /** why the attempt failed (timeout, refused address, connection error, non-2xx); null on success */
    error: text(),
  },
  (table) => [primaryKey({ name: "delivery_attempts_pkey", columns: [table.deliveryId, table.number] })],
);

/** The vault's wrapped data keys and its canary (@postd/vault's Drizzle tables, in this schema). */
export const { vaultDataKeys, vaultCanary } = createVaultTables(webhooks);

/** `webhook.endpoint_disabled.v1` leaves through here (ADR 0005). */
export const outbox = createOutboxTable(webhooks);

export type EndpointRow = typeof endpoints.$inferSelect;
export type DeliveryRow = typeof deliveries.$inferSelect;

export const tables = { endpoints, deliveries, deliveryAttempts, vaultDataKeys, vaultCanary, outbox };
export type Tables = typeof tables;
