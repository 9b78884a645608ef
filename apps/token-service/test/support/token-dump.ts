import type { Sql } from "postgres";

/**
 * Every text, jsonb and array column of every table in the `token` schema, as one text: what an attacker with a
 * database dump would read.
 */
export async function dumpTokenSchema(sql: Sql): Promise<string> {
  const columns = await sql<{ table_name: string; column_name: string }[]>`
    select table_name, column_name from information_schema.columns
    where table_schema = 'token' and data_type in ('text', 'jsonb', 'json', 'ARRAY', 'character varying', 'bytea')
    order by table_name, ordinal_position`;
  const parts: string[] = [];
  for (const { table_name: table, column_name: column } of columns) {
    const rows = await sql<{ value: string | null }[]>`
      select ${sql(column)}::text as value from ${sql("token")}.${sql(table)}`;
    for (const row of rows) if (row.value !== null) parts.push(`${table}.${column}=${row.value}`);
  }
  return parts.join("\n");
}
