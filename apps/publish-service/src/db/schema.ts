import type {
  AccountKind,
  ConnectorErrorKind,
  Platform,
  PostStatus,
  PublishRequest,
  TargetStatus,
} from "@postd/contracts";
import { createOutboxTable } from "@postd/service-kit";
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

// Not exported: drizzle-kit would emit a CREATE SCHEMA that runMigrations has already done (service-kit README).
const publish = pgSchema("publish");

const timestamps = {
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
};

/** What a target's last failure was, as the API shows it (`lastError`) and the dead letter keeps it. */
export interface StoredError {
  kind: ConnectorErrorKind | null;
  /** the platform's own code (`190/463`, `spam_risk_too_many_posts`), or ours (`token_unavailable`) */
  code: string;
  message: string;
}

export type MediaItems = PublishRequest["media"];
export type EmailBlock = NonNullable<PublishRequest["email"]>;

/** One post as the tenant wrote it; its targets carry the per-account state. */
export const posts = publish.table(
  "posts",
  {
    /** `pst_…` (time-ordered: the list's cursor) */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    /** the aggregate of its targets' statuses (`postStatusOf`), kept in step in every target transition */
    status: text().$type<PostStatus>().notNull(),
    text: text().notNull(),
    media: jsonb().$type<MediaItems>().notNull().default([]),
    link: text(),
    email: jsonb().$type<EmailBlock>(),
    scheduledAt: timestamp({ withTimezone: true }),
    /** when DELETE /api/posts/:id was asked (the post stays readable, its targets say what happened) */
    deletedAt: timestamp({ withTimezone: true }),
    ...timestamps,
  },
  (table) => [index("posts_tenant_id_idx").on(table.tenantId, table.id)],
);

/**
 * One account a post goes to, and everything the pipeline knows about publishing it there. `attempts` counts
 * claims (each is one attempt row); a job for attempt n only acts while `attempts = n - 1`, so a stale or
 * duplicate job does nothing. `lease_owner`/`lease_until` fence the worker of the current attempt: every write
 * of an attempt checks them. `unsettled_since` is set right before the platform is called and cleared once the
 * platform answered: a claim that finds it set must ask `findPost` before publishing again (ADR 0015).
 */
export const targets = publish.table(
  "targets",
  {
    /** `tgt_…`; also the post's `reference` handed to connectors (Mailchimp's campaign title) */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    postId: text()
      .notNull()
      .references(() => posts.id),
    accountId: text().notNull(),
    connectionId: text().notNull(),
    platform: text().$type<Platform>().notNull(),
    accountKind: text().$type<AccountKind>().notNull(),
    options: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    status: text().$type<TargetStatus>().notNull(),
    attempts: integer().notNull().default(0),
    /** `attempts` when the current budget began (a dead letter replayed gets a fresh budget) */
    budgetStart: integer().notNull().default(0),
    /** the connector's PublishProgress, stripped of anything secret (`storableProgress`) */
    progress: jsonb().$type<Record<string, string>>().notNull().default({}),
    leaseOwner: text(),
    leaseUntil: timestamp({ withTimezone: true }),
    /** when the next attempt is due (scheduled time, retry wait); null while queued or final */
    nextAttemptAt: timestamp({ withTimezone: true }),
    unsettledSince: timestamp({ withTimezone: true }),
    platformPostId: text(),
    url: text(),
    publishedAt: timestamp({ withTimezone: true }),
    lastError: jsonb().$type<StoredError>(),
    /** why the outcome is unconfirmed (`findPost`'s reason), for a person to check */
    evidence: text(),
    /** when the first attempt began: `findPost` ignores posts older than this */
    firstAttemptAt: timestamp({ withTimezone: true }),
    version: integer().notNull().default(1),
    ...timestamps,
  },
  (table) => [
    index("targets_post_idx").on(table.postId),
    index("targets_due_idx")
      .on(table.status, table.nextAttemptAt)
      .where(sql`status in ('scheduled', 'queued', 'retrying', 'publishing')`),
    index("targets_connection_open_idx")
      .on(table.tenantId, table.connectionId)
      .where(sql`status in ('scheduled', 'queued', 'retrying')`),
    index("targets_tiktok_publish_idx")
      .on(table.tenantId, sql`(progress ->> 'publishId')`)
      .where(sql`platform = 'tiktok'`),
  ],
);

/** One claim of a target by a worker: when, how it ended, how long it took. */
export const attempts = publish.table(
  "attempts",
  {
    /** `att_…` */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    targetId: text()
      .notNull()
      .references(() => targets.id),
    number: integer().notNull(),
    startedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp({ withTimezone: true }),
    /** `published`, `retry`, `dead_lettered`, `unconfirmed`, `lost` (its worker died), `superseded` */
    outcome: text(),
    error: jsonb().$type<StoredError>(),
    durationMs: integer(),
  },
  (table) => [uniqueIndex("attempts_target_number_key").on(table.targetId, table.number)],
);

/** A target that could not be published, with a reason a person can act on; replayed or discarded later. */
export const deadLetters = publish.table(
  "dead_letters",
  {
    /** `dlq_…` (time-ordered: the list's cursor) */
    id: text().primaryKey(),
    tenantId: text().notNull(),
    targetId: text()
      .notNull()
      .references(() => targets.id),
    postId: text().notNull(),
    platform: text().$type<Platform>().notNull(),
    reason: text().notNull(),
    error: jsonb().$type<StoredError>().notNull(),
    attempts: integer().notNull(),
    deadLetteredAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    replayedAt: timestamp({ withTimezone: true }),
    discardedAt: timestamp({ withTimezone: true }),
  },
  (table) => [
    index("dead_letters_open_idx")
      .on(table.tenantId, table.id)
      .where(sql`replayed_at is null and discarded_at is null`),
    index("dead_letters_target_idx").on(table.targetId),
  ],
);

/**
 * Stripe-style idempotency: the first answer to (tenant, key), replayed for the same body (by canonical-JSON
 * hash) until `expires_at`. The row is inserted first in the create transaction, so a concurrent duplicate
 * waits on the primary key until the first commits.
 */
export const idempotencyKeys = publish.table(
  "idempotency_keys",
  {
    tenantId: text().notNull(),
    key: text().notNull(),
    /** SHA-256 hex of the canonical JSON of the parsed request */
    requestHash: text().notNull(),
    /** the AcceptedPost answered; null only inside the transaction that writes it */
    response: jsonb().$type<unknown>(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
  },
  (table) => [
    primaryKey({ name: "idempotency_keys_pkey", columns: [table.tenantId, table.key] }),
    index("idempotency_keys_expires_idx").on(table.expiresAt),
  ],
);

export const outbox = createOutboxTable(publish);

export type PostRow = typeof posts.$inferSelect;
export type TargetRow = typeof targets.$inferSelect;
export type AttemptRow = typeof attempts.$inferSelect;
export type DeadLetterRow = typeof deadLetters.$inferSelect;

export const tables = { posts, targets, attempts, deadLetters, idempotencyKeys, outbox };
export type Tables = typeof tables;
