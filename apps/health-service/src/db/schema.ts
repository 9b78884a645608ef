import { createOutboxTable } from "@postd/service-kit";
import { boolean, index, integer, pgSchema, real, text, timestamp } from "drizzle-orm/pg-core";

// Not exported: drizzle-kit would emit a CREATE SCHEMA that runMigrations has already done (service-kit README).
const health = pgSchema("health");

/**
 * Every connection health-service knows about, from `connection.connected.v1` / `status_changed` / `revoked`
 * events and the reconciler's backfill from token-service. An event older than `observed_at` changes nothing, so
 * replays and out-of-order deliveries are harmless. Never a token: only when it expires.
 */
export const monitoredConnections = health.table(
  "monitored_connections",
  {
    /** `con_…` */
    connectionId: text().primaryKey(),
    tenantId: text().notNull(),
    platform: text().notNull(),
    /** token-service's status as last heard: active, expiring, needs_reauth, revoked, error */
    status: text().notNull(),
    /** when the access token expires, as last heard (health checks, refresh events, backfill); null: never/unknown */
    accessExpiresAt: timestamp({ withTimezone: true }),
    /** whether token-service's refresh queue holds a job for it, as the last token audit saw */
    refreshScheduled: boolean(),
    refreshAuditedAt: timestamp({ withTimezone: true }),
    lastCheckedAt: timestamp({ withTimezone: true }),
    /** healthy, unhealthy, error */
    lastOutcome: text(),
    lastErrorKind: text(),
    /** occurredAt of the newest event (or backfill) applied */
    observedAt: timestamp({ withTimezone: true }).notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    index("monitored_connections_tenant_idx").on(table.tenantId),
    index("monitored_connections_expires_idx").on(table.accessExpiresAt),
  ],
);

/** One row per health check, scheduled or on demand. */
export const checkResults = health.table(
  "check_results",
  {
    /** `hck_…` */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    connectionId: text().notNull(),
    platform: text().notNull(),
    /** healthy, unhealthy, error */
    outcome: text().notNull(),
    /** the connector taxonomy kind when the platform refused (auth_revoked, transient, …) */
    errorKind: text(),
    detail: text().notNull(),
    latencyMs: real().notNull(),
    /** scheduled, on_demand */
    trigger: text().notNull(),
    checkedAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [
    index("check_results_connection_idx").on(table.connectionId, table.checkedAt),
    index("check_results_tenant_idx").on(table.tenantId, table.checkedAt),
    index("check_results_checked_at_idx").on(table.checkedAt),
  ],
);

/** Publish outcomes consumed from `post.target_*` events, for the success-rate view. Keyed by event id (dedupe). */
export const publishOutcomes = health.table(
  "publish_outcomes",
  {
    /** the event's envelope id: a redelivered event inserts nothing */
    eventId: text().primaryKey(),
    tenantId: text().notNull(),
    postId: text().notNull(),
    targetId: text().notNull(),
    platform: text().notNull(),
    /** published, dead_lettered, unconfirmed */
    outcome: text().notNull(),
    attempts: integer().notNull(),
    occurredAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [index("publish_outcomes_occurred_idx").on(table.occurredAt, table.platform)],
);

export const outbox = createOutboxTable(health);

export const tables = { monitoredConnections, checkResults, publishOutcomes, outbox };
export type Tables = typeof tables;
export type MonitoredConnectionRow = typeof monitoredConnections.$inferSelect;
