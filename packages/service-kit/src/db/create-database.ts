import type { ExtractTablesWithRelations } from "drizzle-orm";
import { drizzle, type PostgresJsDatabase, type PostgresJsTransaction } from "drizzle-orm/postgres-js";
import type { Logger } from "pino";
import postgres, { type Notice, type Sql } from "postgres";
import { searchPathFor } from "./schema-name";

export type Tables = Record<string, unknown>;

/** The Drizzle handle of a service's database (`casing: "snake_case"`). */
export type DrizzleDatabase<TTables extends Tables = Record<string, never>> = PostgresJsDatabase<TTables>;
export type DrizzleTransaction<TTables extends Tables = Record<string, never>> = PostgresJsTransaction<
  TTables,
  ExtractTablesWithRelations<TTables>
>;
/** What domain functions take: the database, or the transaction they should join. */
export type DatabaseOrTransaction<TTables extends Tables = Record<string, never>> =
  | DrizzleDatabase<TTables>
  | DrizzleTransaction<TTables>;

export interface DatabaseOptions<TTables extends Tables> {
  url: string;
  /** the service's own Postgres schema; unqualified names resolve there first, then in public */
  schema: string;
  /** Drizzle tables and relations, for `db.query.<table>` */
  tables?: TTables;
  /** Postgres notices go to it at debug level */
  logger?: Logger;
  /** pool size; default 10 */
  max?: number;
  /** shown in pg_stat_activity; default the schema name */
  applicationName?: string;
}

export interface Database<TTables extends Tables = Record<string, never>> {
  /** the postgres.js client, for the few queries Drizzle does not express */
  sql: Sql;
  db: DrizzleDatabase<TTables>;
  /** resolves when a round trip to the server succeeds (readiness checks) */
  ping(): Promise<void>;
  /** waits up to `timeoutSeconds` (default 5) for running queries, then closes every connection */
  close(options?: { timeoutSeconds?: number }): Promise<void>;
}

/** A service's connection pool with its search_path set to its own schema, and Drizzle on top. */
export function createDatabase<TTables extends Tables = Record<string, never>>(
  options: DatabaseOptions<TTables>,
): Database<TTables> {
  const sql = postgres(options.url, {
    max: options.max ?? 10,
    connect_timeout: 10,
    // While the server is down, each failed connect rejects one waiting query and the rest wait for the next
    // attempt; postgres.js spaces attempts up to 20 s apart, so requests hung for the whole outage and a while
    // after it. At most ~1 s apart, a waiting query fails (503) or runs within about a second.
    backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(3 ** retries / 100, 1),
    connection: {
      application_name: options.applicationName ?? options.schema,
      search_path: searchPathFor(options.schema),
    },
    onnotice: (notice: Notice) =>
      options.logger?.debug({ notice: notice.message, code: notice.code }, "postgres notice"),
  });
  const db = drizzle(sql, { casing: "snake_case", ...(options.tables ? { schema: options.tables } : {}) });
  return {
    sql,
    db: db as DrizzleDatabase<TTables>,
    async ping() {
      await sql`select 1`;
    },
    close: (closeOptions = {}) => sql.end({ timeout: closeOptions.timeoutSeconds ?? 5 }),
  };
}
