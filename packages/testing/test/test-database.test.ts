import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, sharedServers } from "../src/index";

const admin = postgres(sharedServers.postgresAdminUrl(), { max: 1 });
afterAll(() => admin.end());

async function databaseExists(name: string): Promise<boolean> {
  const rows = await admin`select 1 from pg_database where datname = ${name}`;
  return rows.length === 1;
}

describe("createTestDatabase", () => {
  it("creates an empty database named after the prefix and drops it with clients still connected", async () => {
    const database = await createTestDatabase({ prefix: "testing_fixture" });
    expect(database.name).toMatch(/^testing_fixture_[a-z0-9]{10}$/);
    expect(new URL(database.url).pathname).toBe(`/${database.name}`);
    expect(await databaseExists(database.name)).toBe(true);

    const client = postgres(database.url, { max: 1, onnotice: () => {} });
    await client`create table sample (id int primary key)`;
    await client`insert into sample values (1)`;
    expect(await client`select count(*)::int as n from sample`).toEqual([{ n: 1 }]);

    await database.drop();
    expect(await databaseExists(database.name)).toBe(false);
    await expect(client`select 1`).rejects.toThrow();
    await client.end();
  });

  it("gives every call its own database", async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    expect(first.name).not.toBe(second.name);
    await Promise.all([first.drop(), second.drop()]);
  });

  it("refuses a prefix that is not a plain identifier", async () => {
    await expect(createTestDatabase({ prefix: 'x"; drop' })).rejects.toThrow(/cannot start a database name/);
  });
});
