import type { JetStreamClient } from "@nats-io/jetstream";
import type { NatsNamespace } from "@postd/contracts";
import { asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { Logger } from "pino";
import type { OutboxTable } from "./outbox-table";
import { publishRows } from "./publish-rows";

export interface DrainResult {
  /** rows JetStream acknowledged and that are now marked sent (duplicates included) */
  published: number;
  /** of those, rows JetStream already had (a relay died after publishing them, before marking them) */
  duplicates: number;
  /** rows that could not be published; they stay unsent with `attempts` and `last_error` updated */
  failed: number;
  /** NATS was unreachable: the relay backs off */
  transportDown: boolean;
}

export interface DrainBatchOptions {
  db: PostgresJsDatabase;
  table: OutboxTable;
  js: JetStreamClient;
  ns: NatsNamespace;
  logger: Logger;
  batchSize: number;
  publishTimeoutMs: number;
  onBatchPublished: ((ids: readonly string[]) => Promise<void> | void) | undefined;
}

/**
 * One batch: lock the oldest unsent rows (`FOR UPDATE SKIP LOCKED`, so relay replicas take disjoint rows), publish
 * them, mark the acknowledged ones sent and record the failures, all in one transaction. A crash after publishing
 * and before commit leaves the rows unsent: they are published again and JetStream drops them as duplicates.
 */
export async function drainBatch(options: DrainBatchOptions): Promise<DrainResult> {
  const { db, table, logger } = options;
  return db.transaction(async (tx) => {
    const rows = await tx
      .select({
        id: table.id,
        subject: table.subject,
        payload: table.payload,
        headers: table.headers,
        createdAt: table.createdAt,
      })
      .from(table)
      .where(isNull(table.sentAt))
      .orderBy(asc(table.createdAt), asc(table.id))
      .limit(options.batchSize)
      .for("update", { skipLocked: true });
    if (rows.length === 0) return { published: 0, duplicates: 0, failed: 0, transportDown: false };

    const outcome = await publishRows({
      js: options.js,
      ns: options.ns,
      rows,
      timeoutMs: options.publishTimeoutMs,
    });
    await options.onBatchPublished?.(outcome.sent);
    if (outcome.sent.length > 0) {
      await tx
        .update(table)
        .set({ sentAt: sql`now()`, attempts: sql`${table.attempts} + 1`, lastError: null })
        .where(inArray(table.id, outcome.sent));
    }
    for (const failure of outcome.failures) {
      const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
      await tx
        .update(table)
        .set({ attempts: sql`${table.attempts} + 1`, lastError: message.slice(0, 2_000) })
        .where(eq(table.id, failure.id));
      logger.warn({ eventId: failure.id, err: failure.error }, "outbox event not published; it stays queued");
    }
    const result = {
      published: outcome.sent.length,
      duplicates: outcome.duplicates,
      failed: outcome.failures.length,
      transportDown: outcome.transportDown,
    };
    if (result.duplicates > 0) logger.info(result, "outbox re-published events JetStream already had");
    else logger.debug(result, "outbox batch published");
    return result;
  });
}
