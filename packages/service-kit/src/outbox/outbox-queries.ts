import { and, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";
import type { OutboxTable } from "./outbox-table";

/** Age in milliseconds of the oldest unsent event by the database clock, 0 when none (uses the partial index). */
export async function measureOutboxLag(db: PostgresJsDatabase, table: OutboxTable): Promise<number> {
  const [row] = await db
    .select({
      lag: sql<number>`coalesce(extract(epoch from now() - min(${table.createdAt})) * 1000, 0)::float8`,
    })
    .from(table)
    .where(isNull(table.sentAt));
  return Math.max(0, row?.lag ?? 0);
}

/** Deletes sent rows older than `olderThanMs`; unsent rows are never touched. Resolves to how many went. */
export async function purgeSentEvents(
  db: PostgresJsDatabase,
  table: OutboxTable,
  { olderThanMs }: { olderThanMs: number },
): Promise<number> {
  const deleted = await db
    .delete(table)
    .where(
      and(isNotNull(table.sentAt), lt(table.sentAt, sql`now() - ${olderThanMs} * interval '1 millisecond'`)),
    )
    .returning({ id: table.id });
  return deleted.length;
}
