import { sql } from "drizzle-orm";
import { getTableConfig, index, integer, jsonb, type PgSchema, text, timestamp } from "drizzle-orm/pg-core";

/** What an outbox row's `payload` holds: the full event envelope, exactly as it goes to JetStream. */
export interface OutboxEnvelope {
  id: string;
  subject: string;
  occurredAt: string;
  tenantId: string | null;
  data: unknown;
}

/**
 * The `outbox` table in a service's own Postgres schema. Add it to the service's Drizzle schema file so
 * `drizzle-kit generate` writes it into the service's migrations:
 *
 *     export const publishSchema = pgSchema("publish");
 *     export const outbox = createOutboxTable(publishSchema);
 *
 * Column names are spelled out, so the table is the same with or without Drizzle's `casing: "snake_case"`.
 */
export function createOutboxTable(schema: PgSchema) {
  return schema.table(
    "outbox",
    {
      /** the event id (`evt_…`): also the JetStream `Nats-Msg-Id` and the envelope's `id` */
      id: text("id").primaryKey(),
      /** the un-namespaced subject, e.g. `post.accepted.v1` */
      subject: text("subject").notNull(),
      payload: jsonb("payload").$type<OutboxEnvelope>().notNull(),
      /** trace context and any other headers to publish with the event */
      headers: jsonb("headers").$type<Record<string, string>>().notNull().default({}),
      createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
      sentAt: timestamp("sent_at", { withTimezone: true }),
      /** publish attempts so far, successful or not */
      attempts: integer("attempts").notNull().default(0),
      lastError: text("last_error"),
    },
    (table) => [index("outbox_unsent_idx").on(table.createdAt, table.id).where(sql`sent_at is null`)],
  );
}

export type OutboxTable = ReturnType<typeof createOutboxTable>;

/** The DDL `createOutboxTable` stands for, for tests and tools that do not run a service's migrations. */
export function outboxTableSql(schemaName: string): string {
  const schema = quoteIdentifier(schemaName);
  return `
create schema if not exists ${schema};
create table if not exists ${schema}."outbox" (
  "id" text primary key,
  "subject" text not null,
  "payload" jsonb not null,
  "headers" jsonb not null default '{}'::jsonb,
  "created_at" timestamp with time zone not null default now(),
  "sent_at" timestamp with time zone,
  "attempts" integer not null default 0,
  "last_error" text
);
create index if not exists "outbox_unsent_idx" on ${schema}."outbox" ("created_at", "id") where sent_at is null;
`;
}

/** The Postgres schema the table lives in. */
export function outboxSchemaName(table: OutboxTable): string {
  return getTableConfig(table).schema ?? "public";
}

/** The LISTEN/NOTIFY channel that wakes the relay of one schema: `outbox_<schema>`. */
export function outboxChannel(schemaName: string): string {
  return `outbox_${schemaName}`;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
