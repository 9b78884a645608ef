import { existsSync } from "node:fs";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isProcessAlive, type PrivatePostgres, startPrivatePostgres } from "../src/index";
import { answersTcp } from "./server-probes";

let server: PrivatePostgres;

beforeAll(async () => {
  server = await startPrivatePostgres();
});
afterAll(() => server.dispose());

async function query<T extends readonly object[]>(run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(server.url, { max: 1, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end();
  }
}

describe("startPrivatePostgres", () => {
  it("answers as the postgres superuser on its own port", async () => {
    expect(server.port).not.toBe(5432);
    const [row] = await query((sql) => sql`select current_user as user, current_setting('port') as port`);
    expect(row).toEqual({ user: "postgres", port: String(server.port) });
    expect(server.databaseUrl("other")).toBe(`postgres://postgres@127.0.0.1:${server.port}/other`);
  });

  it("keeps committed rows across stop, SIGKILL and restart", async () => {
    await query((sql) => sql`create table kept (id int primary key)`);
    await query((sql) => sql`insert into kept values (1)`);
    await server.stop();
    expect(await answersTcp(server.port)).toBe(false);
    await server.start();

    await query((sql) => sql`insert into kept values (2)`);
    const pid = server.pid;
    await server.kill();
    expect(pid && isProcessAlive(pid)).toBe(false);
    expect(await answersTcp(server.port)).toBe(false);

    await server.restart();
    expect(await query((sql) => sql`select id from kept order by id`)).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it("deletes its cluster on dispose", async () => {
    const other = await startPrivatePostgres();
    await other.dispose();
    expect(existsSync(other.dataDir)).toBe(false);
    expect(await answersTcp(other.port)).toBe(false);
  });
});
