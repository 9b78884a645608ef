import { jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import type { NatsNamespace } from "@postd/contracts";
import type { Redis } from "ioredis";
import type { Sql } from "postgres";

/** Every value of every column of every row of every table but Postgres' own, one row a line; bytea as text. */
export async function dumpDatabase(sql: Sql): Promise<string> {
  const columns = await sql<{ schema: string; table: string; column: string; type: string }[]>`
    select c.table_schema as schema, c.table_name as table, c.column_name as column, c.data_type as type
    from information_schema.columns c
    join information_schema.tables t using (table_schema, table_name)
    where t.table_type = 'BASE TABLE'
      and c.table_schema not in ('pg_catalog', 'information_schema')
      and c.table_schema not like 'pg_toast%'
    order by c.table_schema, c.table_name, c.ordinal_position`;
  type Column = (typeof columns)[number];
  const tables = new Map<string, Column[]>();
  for (const column of columns) {
    const name = `${quote(column.schema)}.${quote(column.table)}`;
    tables.set(name, [...(tables.get(name) ?? []), column]);
  }
  const lines: string[] = [];
  for (const [table, tableColumns] of tables) {
    const selected = tableColumns.map(
      (c, i) =>
        `${c.type === "bytea" ? `encode(${quote(c.column)}, 'escape')` : `${quote(c.column)}::text`} as c${i}`,
    );
    const rows = await sql.unsafe<Record<string, string | null>[]>(
      `select ${selected.join(", ")} from ${table}`,
    );
    for (const row of rows) lines.push(`${table}: ${Object.values(row).join(" | ")}`);
  }
  if (lines.length === 0) throw new Error("the database dump is empty");
  return lines.join("\n");
}

function quote(identifier: string): string {
  return `"${identifier.replaceAll('"', '""')}"`;
}

/** Every key under the prefix with its whole value, whatever its type (BullMQ jobs are hashes, queues lists…). */
export async function dumpRedis(redis: Redis, prefix: string): Promise<string> {
  const lines: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    cursor = next;
    for (const key of keys) lines.push(`${key}: ${await readKey(redis, key)}`);
  } while (cursor !== "0");
  if (lines.length === 0) throw new Error(`no Redis key under ${prefix}`);
  return lines.join("\n");
}

async function readKey(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case "string":
      return (await redis.get(key)) ?? "";
    case "hash":
      return JSON.stringify(await redis.hgetall(key));
    case "list":
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case "set":
      return JSON.stringify(await redis.smembers(key));
    case "zset":
      return JSON.stringify(await redis.zrange(key, 0, -1, "WITHSCORES"));
    case "stream":
      return JSON.stringify(await redis.xrange(key, "-", "+"));
    default:
      return `(${type})`;
  }
}

/** Every message (subject, headers, data) of every stream of the namespace, KV buckets included. */
export async function dumpJetStream(nc: NatsConnection, ns: NatsNamespace): Promise<string> {
  const jsm = await jetstreamManager(nc);
  const lines: string[] = [];
  const own = (name: string) => name.startsWith(`${ns.prefix}_`) || name.startsWith(`KV_${ns.prefix}_`);
  for await (const stream of jsm.streams.list()) {
    if (!own(stream.config.name)) continue;
    const { first_seq: first, last_seq: last } = stream.state;
    for (let seq = first; seq <= last && last > 0; seq++) {
      const message = await jsm.streams.getMessage(stream.config.name, { seq }).catch(() => null);
      if (!message) continue;
      const headers = message.header?.toString() ?? "";
      lines.push(`${stream.config.name}#${seq} ${message.subject} ${headers} ${message.string()}`);
    }
  }
  if (lines.length === 0) throw new Error(`no JetStream message in namespace ${ns.prefix}`);
  return lines.join("\n");
}
