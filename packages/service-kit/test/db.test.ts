import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { pgSchema, text } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  createDatabase,
  type Database,
  isUnavailableDatabaseError,
  migrationsTable,
  runMigrations,
  withTransaction,
} from "../src/index";

const adminUrl = "postgres://postgres@127.0.0.1:5432/postgres";
const databaseName = `svc_kit_${randomBytes(6).toString("hex")}`;
const url = `postgres://postgres@127.0.0.1:5432/${databaseName}`;
const migrationsFolder = fileURLToPath(new URL("./fixtures/migrations", import.meta.url));
const schema = "kit_fixture";

// Declared, not exported, the way an app's schema file declares its pgSchema (see README: drizzle-kit then emits
// no CREATE SCHEMA, which runMigrations owns).
const kit = pgSchema(schema);
const widgets = kit.table("widgets", {
  id: text().primaryKey(),
  displayName: text().notNull(),
  notes: text(),
});

const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
let database: Database<{ widgets: typeof widgets }>;

beforeAll(async () => {
  await admin.unsafe(`create database ${databaseName}`);
});

afterAll(async () => {
  await database?.close();
  await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
  await admin.end();
});

describe("runMigrations", () => {
  it("is safe when several replicas run it at once", async () => {
    await Promise.all([1, 2, 3].map(() => runMigrations({ url, schema, migrationsFolder })));
    const probe = postgres(url, { max: 1 });
    const journal = await probe`select hash, created_at from ${probe(schema)}.${probe(migrationsTable)}`;
    await probe.end();
    expect(journal.map((row) => Number(row.created_at))).toEqual([1767225600000, 1767225660000]);
  });

  it("applies nothing the second time", async () => {
    await runMigrations({ url, schema, migrationsFolder });
    const probe = postgres(url, { max: 1 });
    const [row] = await probe`select count(*)::int as count from ${probe(schema)}.${probe(migrationsTable)}`;
    await probe.end();
    expect(row?.count).toBe(2);
  });

  it("puts the tables and the journal in the service's schema, and nothing in public or drizzle", async () => {
    const probe = postgres(url, { max: 1 });
    const tables = await probe<{ schema: string; name: string }[]>`
      select table_schema as schema, table_name as name from information_schema.tables
      where table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`;
    const schemas = await probe`select nspname from pg_namespace where nspname = 'drizzle'`;
    await probe.end();
    expect(tables).toEqual([
      { schema, name: migrationsTable },
      { schema, name: "widgets" },
    ]);
    expect(schemas).toHaveLength(0);
  });
});

describe("createDatabase", () => {
  beforeAll(() => {
    database = createDatabase({ url, schema, tables: { widgets }, max: 2, applicationName: "svc-kit-test" });
  });

  it("sets search_path to the service's schema, then public", async () => {
    const [row] = await database.sql<{ schemas: string[] }[]>`select current_schemas(false) as schemas`;
    expect(row?.schemas).toEqual(["kit_fixture", "public"]);
    const [application] = await database.sql<
      { name: string }[]
    >`select current_setting('application_name') as name`;
    expect(application?.name).toBe("svc-kit-test");
  });

  it("maps camelCase fields to snake_case columns", async () => {
    await database.db.insert(widgets).values({ id: "w1", displayName: "First" });
    const [raw] = await database.sql`select display_name from widgets where id = 'w1'`;
    expect(raw?.display_name).toBe("First");
    const found = await database.db.query.widgets.findFirst({ where: eq(widgets.id, "w1") });
    expect(found).toMatchObject({ id: "w1", displayName: "First", notes: null });
  });

  it("pings", async () => {
    await expect(database.ping()).resolves.toBeUndefined();
  });
});

describe("withTransaction", () => {
  it("joins the caller's transaction, so the caller's rollback undoes the inner write", async () => {
    const failure = new Error("outer fails after the inner write");
    await expect(
      withTransaction(database.db, async (outer) => {
        const joined = await withTransaction(outer, async (inner) => {
          await inner.insert(widgets).values({ id: "w2", displayName: "Second" });
          return inner;
        });
        expect(joined).toBe(outer);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await database.db.select().from(widgets).where(eq(widgets.id, "w2"))).toEqual([]);
  });

  it("opens and commits its own transaction when given the database", async () => {
    await withTransaction(database.db, (tx) => tx.insert(widgets).values({ id: "w3", displayName: "Third" }));
    expect(await database.db.select({ id: widgets.id }).from(widgets).where(eq(widgets.id, "w3"))).toEqual([
      { id: "w3" },
    ]);
  });
});

describe("isUnavailableDatabaseError", () => {
  it("recognises a refused connection", async () => {
    const nowhere = postgres("postgres://postgres@127.0.0.1:1/postgres", { max: 1, connect_timeout: 2 });
    const error = await nowhere`select 1`.catch((caught: unknown) => caught);
    await nowhere.end();
    expect(isUnavailableDatabaseError(error)).toBe(true);
  });

  it("recognises a connection the server terminated", async () => {
    const victim = createDatabase({ url, schema, max: 1 });
    const [backend] = await victim.sql<{ pid: number }[]>`select pg_backend_pid() as pid`;
    const sleeping = victim.sql`select pg_sleep(30)`.catch((caught: unknown) => caught);
    await vi.waitFor(
      async () => {
        const [row] = await admin`select query from pg_stat_activity where pid = ${backend?.pid ?? 0}`;
        expect(row?.query).toContain("pg_sleep");
      },
      { timeout: 10_000, interval: 50 },
    );
    await admin`select pg_terminate_backend(${backend?.pid ?? 0})`;
    const error = await sleeping;
    // postgres.js waits out the whole timeout when ending a pool whose connection the server closed.
    await victim.close({ timeoutSeconds: 0 });
    // postgres.js reports the server's 57P01 as the socket closing under the query.
    expect(error).toMatchObject({ code: expect.stringMatching(/^(57P01|CONNECTION_CLOSED)$/) });
    expect(isUnavailableDatabaseError(error)).toBe(true);
  });

  it("does not count a fault in the query", async () => {
    const error = await database.sql`select * from no_such_table`.catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "42P01" });
    expect(isUnavailableDatabaseError(error)).toBe(false);
    expect(isUnavailableDatabaseError(new Error("x", { cause: { code: "08006" } }))).toBe(true);
  });
});
