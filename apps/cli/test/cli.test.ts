import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { VaultRewrapSecrets, VaultRotateMasterKey, VaultStatus } from "@postd/contracts";
import { Config, type RunningGateway, startGateway } from "@postd/gateway";
import { createRpcServer, loadConfig, type RpcServer } from "@postd/service-kit";
import { createLogger, initTelemetry } from "@postd/telemetry";
import {
  createNatsNamespace,
  createRedisNamespace,
  createTestDatabase,
  type TestDatabase,
} from "@postd/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../src/run-cli";

const adminApiKey = "cli-test-admin-key-0123456789abcdef";
const database: { value?: TestDatabase } = {};
const redis = createRedisNamespace();
const nats = createNatsNamespace();
let gateway: RunningGateway;
let env: Record<string, string>;

beforeAll(async () => {
  database.value = await createTestDatabase({ prefix: "cli" });
  const config = loadConfig(Config, {
    DATABASE_URL: database.value.url,
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.ns.prefix,
    INTERNAL_PORT: "0",
    GATEWAY_PORT: "0",
    GATEWAY_HOST: "127.0.0.1",
    LOG_LEVEL: "silent",
    ADMIN_API_KEY: adminApiKey,
  });
  const telemetry = initTelemetry({
    serviceName: "cli-test",
    logger: createLogger({ service: "t", level: "silent" }),
  });
  gateway = await startGateway({ config, telemetry });
  env = {
    POSTD_API_URL: gateway.url,
    ADMIN_API_KEY: adminApiKey,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.ns.prefix,
  };
});

afterAll(async () => {
  await gateway?.stop("test done");
  await Promise.all([database.value?.drop(), redis.cleanup(), nats.cleanup()]);
});

/** Runs one command in-process; resolves to its exit code and what it wrote. */
async function cli(argv: string[], overrides: Record<string, string> = {}) {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await runCli({
    argv,
    env: { ...env, ...overrides },
    output: { out: (line) => stdout.push(line), err: (line) => stderr.push(line) },
  });
  return { code, stdout, stderr };
}

const listConnections = (apiKey: string) =>
  fetch(`${gateway.url}/api/connections`, { headers: { authorization: `Bearer ${apiKey}` } });

describe("tenants and API keys", () => {
  it("tenants:create prints exactly one JSON line with the tenant and a working key", async () => {
    const result = await cli(["tenants:create", "Acme Bakery"]);
    expect(result).toMatchObject({ code: 0, stderr: [] });
    expect(result.stdout).toHaveLength(1);
    const created = JSON.parse(result.stdout[0] ?? "") as Record<string, string>;
    expect(Object.keys(created).sort()).toEqual(["apiKey", "tenantId"]);
    expect(created.tenantId).toMatch(/^ten_/);
    expect(created.apiKey).toMatch(/^postd_live_/);
    // token-service is not running here: a 503 (not 401) shows the key was accepted
    expect((await listConnections(created.apiKey ?? "")).status).toBe(503);
  });

  it("api-keys:create and api-keys:revoke rotate a tenant's key", async () => {
    const created = JSON.parse((await cli(["tenants:create", "Rotator"])).stdout[0] ?? "") as {
      tenantId: string;
      apiKey: string;
    };
    const second = await cli(["api-keys:create", created.tenantId]);
    expect(second.code).toBe(0);
    const key = JSON.parse(second.stdout[0] ?? "") as { keyId: string; apiKey: string };
    expect(key.keyId).toMatch(/^key_/);
    const revoked = await cli(["api-keys:revoke", created.tenantId, key.keyId]);
    expect(revoked).toMatchObject({ code: 0, stdout: [JSON.stringify({ keyId: key.keyId, revoked: true })] });
    expect((await listConnections(key.apiKey)).status).toBe(401);
    expect((await listConnections(created.apiKey)).status).toBe(503);
  });

  it("prints the gateway's problem detail and exits 1", async () => {
    const result = await cli(["api-keys:create", "ten_00000000000000000000000000"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toEqual([]);
    expect(result.stderr).toEqual([
      "the gateway answered 404: tenant ten_00000000000000000000000000 was not found",
    ]);
  });

  it("says so when the admin key is wrong or missing", async () => {
    const wrong = await cli(["tenants:create", "X"], { ADMIN_API_KEY: "not-the-key" });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr[0]).toBe("the gateway answered 401: the admin key is not valid");
    const missing = await runCli({
      argv: ["tenants:create", "X"],
      env: { POSTD_API_URL: gateway.url },
      output: { out: () => {}, err: (line) => expect(line).toContain("ADMIN_API_KEY is not set") },
    });
    expect(missing).toBe(1);
  });

  it("says where it looked when the gateway cannot be reached", async () => {
    const result = await cli(["tenants:create", "X"], { POSTD_API_URL: "http://127.0.0.1:9" });
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toContain("cannot reach the gateway at http://127.0.0.1:9");
  });
});

describe("flags", () => {
  it("flags:set changes only what is given, flags:get shows it", async () => {
    const set = await cli(["flags:set", "integration_tiktok", "--rollout", "30", "--deny", "ten_a,ten_b"]);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.stdout[0] ?? "")).toMatchObject({
      name: "integration_tiktok",
      enabled: true,
      rolloutPercentage: 30,
      tenants: { allow: [], deny: ["ten_a", "ten_b"] },
    });
    const off = await cli(["flags:set", "integration_tiktok", "--enabled", "false"]);
    expect(JSON.parse(off.stdout[0] ?? "")).toMatchObject({ enabled: false, rolloutPercentage: 30 });

    const one = await cli(["flags:get", "integration_tiktok"]);
    expect(one.stdout).toHaveLength(1);
    expect(JSON.parse(one.stdout[0] ?? "")).toMatchObject({ enabled: false, rolloutPercentage: 30 });
    const all = await cli(["flags:get"]);
    expect(all.stdout.map((line) => (JSON.parse(line) as { name: string }).name)).toEqual(
      expect.arrayContaining(["integration_meta", "integration_tiktok"]),
    );
  });

  it("refuses bad option values with exit 2 and the usage", async () => {
    const result = await cli(["flags:set", "integration_meta", "--rollout", "150"]);
    expect(result.code).toBe(2);
    expect(result.stderr[0]).toContain('--rollout takes a whole percentage 0-100, not "150"');
    expect(result.stderr[0]).toContain("Usage: pnpm postd flags:set <name>");
    const unknownFlag = await cli(["flags:get", "no_such_flag"]);
    expect(unknownFlag.code).toBe(1);
  });
});

describe("vault commands (over NATS to token-service)", () => {
  let standIn: RpcServer;
  const requests: unknown[] = [];

  beforeAll(async () => {
    // TEST DOUBLE of token-service's vault RPCs (the real one is apps/token-service).
    standIn = await createRpcServer({
      nc: gateway.runtime.nc,
      ns: nats.ns,
      service: "token",
      version: "0.0.0-stand-in",
      logger: gateway.runtime.logger,
    });
    standIn
      .handle(VaultStatus, () => ({
        canary: "ok" as const,
        masterKeyVersion: 2,
        dataKeysByMasterKeyVersion: { "1": 3, "2": 7 },
        secretsByDataKeyVersion: { "1": 40 },
      }))
      .handle(VaultRotateMasterKey, (request) => {
        requests.push(request);
        return { rewrapped: 3, remaining: 0, masterKeyVersion: 2 };
      })
      .handle(VaultRewrapSecrets, (request) => {
        requests.push(request);
        return { rewrapped: 40, remaining: 0 };
      });
  });

  afterAll(async () => {
    await standIn?.stop();
  });

  it("vault:status prints the status", async () => {
    const result = await cli(["vault:status"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout[0] ?? "")).toEqual({
      canary: "ok",
      masterKeyVersion: 2,
      dataKeysByMasterKeyVersion: { "1": 3, "2": 7 },
      secretsByDataKeyVersion: { "1": 40 },
    });
  });

  it("vault:rotate-master-key and vault:rewrap pass their options", async () => {
    expect((await cli(["vault:rotate-master-key", "--batch-size", "50"])).stdout).toEqual([
      JSON.stringify({ rewrapped: 3, remaining: 0, masterKeyVersion: 2 }),
    ]);
    expect((await cli(["vault:rewrap", "--tenant", "ten_x"])).code).toBe(0);
    expect(requests).toEqual([{ batchSize: 50 }, { batchSize: 500, tenantId: "ten_x" }]);
  });

  it("says token-service is not running when nobody answers", async () => {
    const result = await cli(["vault:status"], { NATS_PREFIX: "tnobody" });
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toBe("token-service is not running (nobody answers svc.token.vault-status)");
  });

  it("says so when NATS cannot be reached", async () => {
    const result = await cli(["vault:status"], { NATS_URL: "nats://127.0.0.1:9" });
    expect(result.code).toBe(1);
    expect(result.stderr[0]).toBe("cannot reach NATS at nats://127.0.0.1:9 (NATS_URL)");
  });
});

describe("usage", () => {
  it("--help lists every command; a command's --help shows its options", async () => {
    const help = await cli(["--help"]);
    expect(help.code).toBe(0);
    for (const name of ["tenants:create", "api-keys:revoke", "flags:set", "vault:rewrap"]) {
      expect(help.stdout.join("\n")).toContain(name);
    }
    const setHelp = await cli(["flags:set", "--help"]);
    expect(setHelp.stdout.join("\n")).toContain("--rollout <pct>");
  });

  it("exits 2 for an unknown command, a wrong argument count or an unknown option", async () => {
    expect((await cli(["tenants:delete"])).code).toBe(2);
    expect((await cli(["tenants:create"])).code).toBe(2);
    expect((await cli(["tenants:create", "a", "b"])).code).toBe(2);
    expect((await cli(["tenants:create", "a", "--force"])).code).toBe(2);
    expect((await cli([])).code).toBe(2);
  });

  // Two real processes (tsx compiles the CLI on start): slow on a busy 2-core machine, hence the longer timeout.
  it("runs as `pnpm postd` does: a real process, one JSON line on stdout, exit codes", {
    timeout: 120_000,
  }, async () => {
    const root = fileURLToPath(new URL("../../..", import.meta.url));
    const run = (argv: string[]) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", "apps/cli/src/main.ts", ...argv], {
        cwd: root,
        env: { ...process.env, ...env },
      });
    const [created, failed] = await Promise.all([
      run(["tenants:create", "From a shell"]),
      run(["nope"]).catch((error: { code: number; stderr: string }) => error),
    ]);
    expect(created.stderr).toBe("");
    expect(created.stdout).toMatch(
      /^\{"tenantId":"ten_[0-9a-z]{26}","apiKey":"postd_live_[A-Za-z0-9_-]{43}"\}\n$/,
    );
    expect(failed).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown command "nope"') });
  });
});
