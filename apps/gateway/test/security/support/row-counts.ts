import type { Sql } from "postgres";

/** `schema.table` → rows, for every table of every schema of the system's database. */
export type RowCounts = Map<string, number>;

export interface RowCounter {
  /** the tables counted */
  tables: readonly string[];
  count(): Promise<RowCounts>;
}

/** One `count(*)` per table in a single statement; the table list is read once. */
export async function createRowCounter(sql: Sql): Promise<RowCounter> {
  const rows = await sql<{ name: string }[]>`
    select format('%I.%I', table_schema, table_name) as name
    from information_schema.tables
    where table_type = 'BASE TABLE'
      and table_schema not in ('pg_catalog', 'information_schema')
      and table_schema not like 'pg_toast%'
    order by 1`;
  const tables = rows.map((row) => row.name);
  if (tables.length === 0) throw new Error("no tables to count");
  const statement = tables
    .map((name) => `select '${name}' as name, count(*)::int as n from ${name}`)
    .join(" union all ");
  return {
    tables,
    async count() {
      const counted = await sql.unsafe<{ name: string; n: number }[]>(statement);
      return new Map(counted.map((row) => [row.name, row.n]));
    },
  };
}

/**
 * Tables that have more rows than before. Fewer rows is not a write by the request: the outbox relays purge
 * sent events in the background.
 */
export function tablesThatGrew(before: RowCounts, after: RowCounts): string[] {
  const grew: string[] = [];
  for (const [name, n] of after)
    if (n > (before.get(name) ?? 0)) grew.push(`${name} ${before.get(name)}→${n}`);
  return grew;
}
