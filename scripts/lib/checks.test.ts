import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkNats } from "./check-nats";
import { checkPostgres } from "./check-postgres";
import { checkRedis } from "./check-redis";
import { connectPostgres } from "./postgres-client";

// Against the shared servers (read-only: the checks only ask), and a port where nothing listens.
let closedPort: number;
let silent: Server;
let silentPort: number;

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : 0);
    });
  });
}

beforeAll(async () => {
  const probe = createServer();
  closedPort = await listen(probe);
  await new Promise((resolve) => probe.close(resolve));
  // accepts and says something that is no protocol of ours
  silent = createServer((socket) => {
    socket.resume();
    socket.end("HTTP/1.1 400 Bad Request\r\n\r\n");
  });
  silentPort = await listen(silent);
});
afterAll(() => new Promise((resolve) => silent.close(resolve)));

describe("checkPostgres", () => {
  it("reports the version and an existing database", async () => {
    const result = await checkPostgres("postgres://postgres@127.0.0.1:5432/postgres");
    expect(result.status).toBe("ok");
    expect(result.summary).toMatch(/^PostgreSQL 1\d\.\d+ at 127\.0\.0\.1:5432, database "postgres" exists$/);
  });

  it("tells a missing database from a missing server", async () => {
    const result = await checkPostgres("postgres://postgres@127.0.0.1:5432/no_such_database_here");
    expect(result).toMatchObject({ status: "warn", databaseMissing: true });
    expect(result.summary).toContain('database "no_such_database_here" missing');
  });

  it("says how to get a server when none answers", async () => {
    const result = await checkPostgres(`postgres://postgres@127.0.0.1:${closedPort}/postd`);
    expect(result.status).toBe("down");
    expect(result.summary).toContain(`127.0.0.1:${closedPort} does not answer`);
    expect(result.advice).toContain("docker compose up -d postgres");
    expect(result.advice).toContain("apt-get install postgresql");
  });

  it("runs a query and returns rows as text", async () => {
    const session = await connectPostgres("postgres://postgres@127.0.0.1:5432/postgres");
    expect(await session.query("select 1 as one, null as nothing, 'it''s' as text")).toEqual([
      ["1", null, "it's"],
    ]);
    await expect(session.query("select * from no_such_table")).rejects.toThrow(/does not exist/);
    expect(await session.query("select 2")).toEqual([["2"]]);
    session.close();
  });
});

describe("checkRedis", () => {
  it("reports version and eviction policy", async () => {
    const result = await checkRedis("redis://127.0.0.1:6379");
    expect(result.summary).toMatch(/^Redis 7\.\d+\.\d+ at 127\.0\.0\.1:6379, maxmemory-policy \S+$/);
    expect(result.status).toBe(result.summary.endsWith("noeviction") ? "ok" : "warn");
  });

  it("is down when nothing or something else answers", async () => {
    expect((await checkRedis(`redis://127.0.0.1:${closedPort}`)).status).toBe("down");
    const wrong = await checkRedis(`redis://127.0.0.1:${silentPort}`);
    expect(wrong.status).toBe("down");
    expect(wrong.summary).toBe(
      `127.0.0.1:${silentPort} answers, but not as Redis (not a Redis reply: "HTTP/1.1 400 Bad Request")`,
    );
  });
});

describe("checkNats", () => {
  it("reports version and JetStream", async () => {
    const result = await checkNats("nats://127.0.0.1:4222");
    expect(result).toMatchObject({ status: "ok" });
    expect(result.summary).toMatch(/^NATS 2\.\d+\.\d+ at 127\.0\.0\.1:4222, JetStream on$/);
  });

  it("is down when nothing or something else answers", async () => {
    expect((await checkNats(`nats://127.0.0.1:${closedPort}`)).status).toBe("down");
    const wrong = await checkNats(`nats://127.0.0.1:${silentPort}`);
    expect(wrong.status).toBe("down");
    expect(wrong.summary).toContain("not a NATS greeting");
  });
});
