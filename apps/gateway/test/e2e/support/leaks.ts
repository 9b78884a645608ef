import type { Platform } from "@postd/contracts";
import type { Sql } from "postgres";
import type { AnyE2eSystem as E2eSystem } from "./e2e-system";
import { expectStatus } from "./http";

export interface SimToken {
  token: string;
  kind: "access" | "refresh";
  platform: Platform;
  userId: string;
  grantId: string;
  revoked: boolean;
}

/** Every token value platform-sim issued (its control API, `GET /_sim/tokens`). */
export async function simTokens(e2e: E2eSystem, platform?: Platform): Promise<SimToken[]> {
  const query = platform ? `?platform=${platform}` : "";
  return (await expectStatus(e2e.sim<{ data: SimToken[] }>(`/_sim/tokens${query}`), 200)).data;
}

export interface Dump {
  /** `schema.table` of every table dumped */
  tables: string[];
  /** every value of every column of every row, one per line (bytea as escaped text, so ASCII shows as itself) */
  text: string;
}

/**
 * A plain-text dump of every table in every schema but Postgres' own: each column as text, bytea through
 * `encode(…, 'escape')` so that a token stored as raw bytes still shows up.
 */
export async function dumpEverySchema(sql: Sql): Promise<Dump> {
  const columns = await sql<{ schema: string; table: string; column: string; type: string }[]>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column, c.data_type as type
    from information_schema.columns c
    join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
    where t.table_type = 'BASE TABLE'
      and c.table_schema not in ('pg_catalog', 'information_schema')
      and c.table_schema not like 'pg_toast%'
    order by c.table_schema, c.table_name, c.ordinal_position`;
  type Column = (typeof columns)[number];
  const byTable = new Map<string, Column[]>();
  for (const column of columns) {
    const key = `${column.schema}.${column.table}`;
    byTable.set(key, [...(byTable.get(key) ?? []), column]);
  }
  const lines: string[] = [];
  for (const [table, tableColumns] of byTable) {
    const [first] = tableColumns;
    if (!first) continue;
    const selected = tableColumns.map((c, i) => {
      const column = quoteIdentifier(c.column);
      return `${c.type === "bytea" ? `encode(${column}, 'escape')` : `${column}::text`} as c${i}`;
    });
    const rows = await sql.unsafe<Record<string, string | null>[]>(
      `select ${selected.join(", ")} from ${quoteIdentifier(first.schema)}.${quoteIdentifier(first.table)}`,
    );
    for (const row of rows) lines.push(`${table}: ${Object.values(row).join(" | ")}`);
  }
  return { tables: [...byTable.keys()], text: lines.join("\n") };
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A value and the encodings that would make it just as readable (base64, base64url, hex). */
export function readableForms(value: string): string[] {
  const bytes = Buffer.from(value, "utf8");
  return [value, bytes.toString("base64"), bytes.toString("base64url"), bytes.toString("hex")];
}
