import { createHash } from "node:crypto";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import type { Logger } from "pino";
import postgres, { type Sql } from "postgres";
import { searchPathFor } from "./schema-name";

export const migrationsTable = "__migrations";

export interface MigrationOptions {
  url: string;
  /** the service's schema; it also holds the journal, `<schema>.__migrations` */
  schema: string;
  /** the app's committed drizzle-kit output (`meta/_journal.json` and `NNNN_name.sql`) */
  migrationsFolder: string;
  logger?: Logger;
}

/**
 * Creates the service's schema if missing and applies its committed migrations with Drizzle's migrator. Safe when
 * several replicas start at once: everything runs on one connection holding a Postgres advisory lock keyed by the
 * schema name, so one runner migrates and the others then find nothing left to do.
 */
export async function runMigrations(options: MigrationOptions): Promise<void> {
  const { schema, logger } = options;
  const sql = postgres(options.url, {
    max: 1,
    connect_timeout: 10,
    connection: { application_name: `${schema}-migrations`, search_path: searchPathFor(schema) },
    onnotice: (notice) => logger?.debug({ notice: notice.message }, "postgres notice"),
  });
  const startedAt = performance.now();
  try {
    await withAdvisoryLock(sql, migrationLockKey(schema), logger, async () => {
      await sql`create schema if not exists ${sql(schema)}`;
      const before = await countApplied(sql, schema);
      await migrate(drizzle(sql), {
        migrationsFolder: options.migrationsFolder,
        migrationsSchema: schema,
        migrationsTable,
      });
      const after = await countApplied(sql, schema);
      const durationMs = Math.round(performance.now() - startedAt);
      logger?.info({ schema, applied: after - before, total: after, durationMs }, "migrations done");
    });
  } finally {
    await sql.end({ timeout: 5 });
  }
}

/** A signed 64-bit advisory-lock key from the schema name (stable across processes and Postgres versions). */
export function migrationLockKey(schema: string): bigint {
  return createHash("sha256").update(`postd:migrations:${schema}`).digest().readBigInt64BE(0);
}

async function withAdvisoryLock(
  sql: Sql,
  key: bigint,
  logger: Logger | undefined,
  work: () => Promise<void>,
): Promise<void> {
  const [attempt] = await sql<
    { locked: boolean }[]
  >`select pg_try_advisory_lock(${key.toString()}::bigint) as locked`;
  if (!attempt?.locked) {
    logger?.info({ lockKey: key.toString() }, "another process is migrating; waiting for it");
    await sql`select pg_advisory_lock(${key.toString()}::bigint)`;
  }
  try {
    await work();
  } finally {
    await sql`select pg_advisory_unlock(${key.toString()}::bigint)`;
  }
}

async function countApplied(sql: Sql, schema: string): Promise<number> {
  const table = `${schema}.${migrationsTable}`;
  const [exists] = await sql<{ found: boolean }[]>`select to_regclass(${table}) is not null as found`;
  if (!exists?.found) return 0;
  const [row] = await sql<
    { count: number }[]
  >`select count(*)::int as count from ${sql(schema)}.${sql(migrationsTable)}`;
  return row?.count ?? 0;
}
