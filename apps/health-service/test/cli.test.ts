import { runCli } from "@postd/cli";
import type { RunningGateway } from "@postd/gateway";
import { createTestDatabase, type PrivateServer, startPrivateRedis, type TestDatabase } from "@postd/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminApiKey, createTenant, startWorldGateway } from "./support/gateway";
import { createHealthWorld, type HealthWorld } from "./support/harness";

// `pnpm health` is `runCli(["health"])`: run here against an in-process gateway and health-service whose Redis is
// a private server the test stops.
let redis: PrivateServer;
let world: HealthWorld;
let gateway: RunningGateway;
let tenantKey: string;
const databases: TestDatabase[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  world = await createHealthWorld({ redisUrl: redis.url });
  await world.startHealth();
  gateway = await startWorldGateway(world);
  tenantKey = (await createTenant(gateway)).apiKey;
}, 90_000);

afterAll(async () => {
  await gateway?.stop("test done");
  await world?.close();
  await redis?.dispose();
  await Promise.all(databases.map((database) => database.drop()));
});

async function cli(argv: string[], env: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli({
    argv,
    env: { POSTD_API_URL: gateway.url, ADMIN_API_KEY: adminApiKey, ...env },
    output: { out: (line) => stdout.push(line), err: (line) => stderr.push(line) },
  });
  return { code, stdout, stderr };
}

describe("pnpm health", () => {
  it("prints every component with ✅ and exits 0 when everything runs", async () => {
    const result = await cli(["health"]);
    expect(result.code).toBe(0);
    for (const name of [
      "postgres",
      "redis",
      "nats",
      "jetstream",
      "gateway",
      "health-service",
      "token-service",
      "vault",
    ]) {
      expect(result.stdout.find((line) => line.includes(` ${name} `))).toMatch(/^✅/);
    }
  });

  it("takes a tenant key when no admin key is set", async () => {
    const result = await runCli({
      argv: ["health"],
      env: { POSTD_API_URL: gateway.url, POSTD_API_KEY: tenantKey },
      output: { out: () => undefined, err: () => undefined },
    });
    expect(result).toBe(0);
  });

  it("exits non-zero naming Redis while Redis is stopped", async () => {
    await redis.stop();
    try {
      const result = await cli(["health"]);
      expect(result.code).toBe(1);
      expect(result.stdout.find((line) => line.includes(" redis "))).toMatch(/^❌/);
      expect(result.stderr.join("\n")).toContain("down: ");
      expect(result.stderr.join("\n")).toContain("redis");
    } finally {
      await redis.start();
    }
  });

  it("exits non-zero when the gateway cannot be reached", async () => {
    const result = await cli(["health"], { POSTD_API_URL: "http://127.0.0.1:9" });
    expect(result.code).toBe(1);
    expect(result.stdout[0]).toMatch(/^❌ gateway/);
  });
});

describe("pnpm db:migrate and db:health", () => {
  it("migrates every service's schema into an empty database, which db:health then finds complete", async () => {
    const database = await createTestDatabase({ prefix: "clidb" });
    databases.push(database);
    const before = await cli(["db:health"], { DATABASE_URL: database.url });
    expect(before.code).toBe(1);
    expect(before.stderr.join("\n")).toContain("not migrated");

    const migrated = await cli(["db:migrate"], { DATABASE_URL: database.url });
    expect(migrated.stderr).toEqual([]);
    expect(migrated.code).toBe(0);
    const schemas = migrated.stdout.map((line) => (JSON.parse(line) as { schema: string }).schema);
    expect(schemas).toEqual(expect.arrayContaining(["gateway", "oauth", "health"]));

    const after = await cli(["db:health"], { DATABASE_URL: database.url });
    expect(after.code).toBe(0);
    expect(after.stdout.filter((line) => line.startsWith("✅")).length).toBe(schemas.length + 1);
    // running it again changes nothing
    expect((await cli(["db:migrate"], { DATABASE_URL: database.url })).code).toBe(0);
  });

  it("says Postgres does not answer", async () => {
    const result = await cli(["db:health"], { DATABASE_URL: "postgres://postgres@127.0.0.1:9/none" });
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toMatch(/^❌ postgres/);
  });
});

describe("pnpm postd dead-letters:*", () => {
  it("needs a tenant key, and says when publish-service is not running", async () => {
    expect((await cli(["dead-letters:list"])).stderr[0]).toContain("POSTD_API_KEY is not set");
    const list = await cli(["dead-letters:list"], { POSTD_API_KEY: tenantKey });
    expect(list.code).toBe(1);
    expect(list.stderr[0]).toBe("the gateway answered 503: publish-service is not running; try again later");
    const replay = await cli(["dead-letters:replay", "dlq_00000000000000000000000000"], {
      POSTD_API_KEY: tenantKey,
    });
    expect(replay.code).toBe(1);
    expect(replay.stderr[0]).toContain("the gateway answered");
  });
});
