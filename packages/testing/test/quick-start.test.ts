import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDevTenant, readDevTenant } from "../../../scripts/lib/dev-tenant";
import {
  createNatsNamespace,
  createRedisNamespace,
  freePort,
  randomToken,
  type SpawnedService,
  sharedServers,
  spawnService,
  waitUntil,
} from "../src/index";
import { copyCheckout, freePortOffset, processesUnder, quickStartCommands } from "./support/fresh-checkout";

// The README's Quick start, followed literally on a fresh copy of this checkout: `pnpm install && pnpm start`
// (pnpm installs from its local store, offline), then every URL `pnpm start` printed must answer, `pnpm demo`
// must tell the whole story, and Ctrl-C must stop everything. Its own ports (POSTD_PORT_OFFSET, GATEWAY_PORT,
// PLATFORM_SIM_PORT), database, Redis prefix and NATS namespace keep it apart from everyone on the shared servers.

const repoRoot = fileURLToPath(new URL("../../..", import.meta.url));
const internalPorts = [9100, 9101, 9102, 9103, 9104, 9105];
const redis = createRedisNamespace();
const nats = createNatsNamespace();
const databaseName = `quickstart_${randomToken()}`;
const adminUrl = sharedServers.postgresAdminUrl();

let checkout: string;
let started: SpawnedService;
let env: Record<string, string | undefined>;
let startLine: string;

/** The summary `pnpm start` prints once everything answers (from "POSTD is running" to "Ctrl-C …"). */
function summary(): string {
  const output = started.output();
  return output.slice(output.lastIndexOf("POSTD is running"), output.lastIndexOf("Ctrl-C stops every app"));
}

function printedApiKey(): string {
  return /API key\s+(\S+)/.exec(summary())?.[1] ?? "";
}

function dotEnvValue(name: string): string {
  const line = readFileSync(join(checkout, ".env"), "utf8")
    .split("\n")
    .find((candidate) => candidate.startsWith(`${name}=`));
  return line?.slice(name.length + 1) ?? "";
}

/** The environment a newcomer's shell would have, plus this test's own ports and namespaces. */
function newcomerEnv(ports: {
  gateway: number;
  sim: number;
  offset: number;
}): Record<string, string | undefined> {
  const cleared = Object.fromEntries(
    Object.keys(process.env)
      .filter((key) => /^(npm_|PNPM_|pnpm_|VITEST|TEST_|NODE_ENV$|INIT_CWD$|FORCE_COLOR$)/.test(key))
      .map((key) => [key, undefined]),
  );
  const database = new URL(adminUrl);
  database.pathname = `/${databaseName}`;
  return {
    ...cleared,
    npm_config_offline: "true",
    DATABASE_URL: database.toString(),
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    NATS_URL: nats.url,
    NATS_PREFIX: nats.ns.prefix,
    GATEWAY_PORT: String(ports.gateway),
    PUBLIC_BASE_URL: `http://127.0.0.1:${ports.gateway}`,
    PLATFORM_SIM_PORT: String(ports.sim),
    POSTD_PORT_OFFSET: String(ports.offset),
  };
}

beforeAll(async () => {
  const commands = quickStartCommands(readFileSync(join(repoRoot, "README.md"), "utf8"));
  expect(commands).toEqual(["pnpm install && pnpm start", "pnpm install && pnpm test"]);
  startLine = commands[0] ?? "";
  checkout = mkdtempSync(join(tmpdir(), "postd-quickstart-"));
  expect(copyCheckout({ from: repoRoot, to: checkout })).toBeGreaterThan(100);
  env = newcomerEnv({
    gateway: await freePort(),
    sim: await freePort(),
    offset: await freePortOffset(internalPorts),
  });
  started = await spawnService({
    command: "sh",
    args: ["-c", startLine],
    cwd: checkout,
    env,
    readyWhen: /Ctrl-C stops every app, last started first\.\n─/,
    readyTimeoutMs: 420_000,
  });
}, 480_000);

afterAll(async () => {
  // kept for whoever reads a failure: everything `pnpm start` printed
  if (started) writeFileSync(join(tmpdir(), "postd-quickstart-last.log"), started.output());
  started?.kill("SIGKILL");
  for (const pid of checkout ? processesUnder(checkout) : []) process.kill(pid, "SIGKILL");
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`).finally(() => admin.end());
  await Promise.all([redis.cleanup(), nats.cleanup()]);
  if (checkout) rmSync(checkout, { recursive: true, force: true });
}, 60_000);

describe("the README's Quick start on a fresh checkout", () => {
  it("creates .env from .env.example with fresh secrets and says so", () => {
    expect(started.output()).toContain("created .env from .env.example with fresh local secrets");
    for (const name of [
      "TOKEN_VAULT_MASTER_SECRET",
      "OAUTH_SESSION_SECRET",
      "WEBHOOK_SIGNING_MASTER_SECRET",
    ]) {
      expect(dotEnvValue(name).length, name).toBeGreaterThanOrEqual(32);
    }
    expect(dotEnvValue("ADMIN_API_KEY")).not.toBe(dotEnvValue("TOKEN_VAULT_MASTER_SECRET"));
    expect(statSync(join(checkout, ".env")).mode & 0o777).toBe(0o600);
    expect(summary()).toContain("Platforms: platform-sim at");
  });

  it("prints URLs that all answer, a working API key, the docs, Bull Board and the next command", async () => {
    const text = summary();
    const urls = [...new Set(text.match(/https?:\/\/[^\s"]+/g) ?? [])];
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) {
      const answer = await fetch(url, { signal: AbortSignal.timeout(10_000) });
      expect(answer.status, url).toBeLessThan(500);
    }
    const gateway = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    expect(urls).toEqual(expect.arrayContaining([`${gateway}/docs`, `${gateway}/admin/queues`]));
    expect((await fetch(`${gateway}/docs`, { redirect: "follow" })).status).toBe(200);
    const board = await fetch(`${gateway}/admin/queues`, {
      headers: {
        authorization: `Basic ${Buffer.from(`admin:${dotEnvValue("ADMIN_API_KEY")}`).toString("base64")}`,
      },
    });
    expect(board.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${env.PLATFORM_SIM_PORT}/_sim/state`)).status).toBe(200);
    const connections = await fetch(`${gateway}/api/connections`, {
      headers: { authorization: `Bearer ${printedApiKey()}` },
    });
    expect(connections.status).toBe(200);
    expect(text).toContain("pnpm demo");
    expect(text).toContain(`curl -H "Authorization: Bearer ${printedApiKey()}" ${gateway}/api/connections`);
  }, 60_000);

  it("keeps the dev tenant in .postd/dev-tenant.json and reuses it while its key works", async () => {
    const file = join(checkout, ".postd", "dev-tenant.json");
    const remembered = readDevTenant(file);
    expect(remembered?.apiKey).toBe(printedApiKey());
    const gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}`;
    const again = await ensureDevTenant({ gatewayUrl, adminKey: dotEnvValue("ADMIN_API_KEY"), file });
    expect(again).toEqual({ tenant: remembered, reused: true });
    const elsewhere = join(checkout, ".postd", "stale.json");
    const stale = {
      tenantId: "ten_gone",
      keyId: "key_gone",
      apiKey: "postd_live_nope",
      createdAt: "2026-01-01",
    };
    writeFileSync(elsewhere, JSON.stringify(stale));
    const replaced = await ensureDevTenant({
      gatewayUrl,
      adminKey: dotEnvValue("ADMIN_API_KEY"),
      file: elsewhere,
    });
    expect(replaced.reused).toBe(false);
    expect(replaced.tenant.tenantId).not.toBe("ten_gone");
    expect(readDevTenant(elsewhere)).toEqual(replaced.tenant);
  }, 60_000);

  it("runs `pnpm demo` against it: the whole story, exit 0", async () => {
    const demo = await spawnService({ command: "pnpm", args: ["demo"], cwd: checkout, env });
    const exit = await demo.waitForExit();
    const output = demo.output();
    expect(exit.code, output).toBe(0);
    for (const step of [
      "① A tenant",
      "② Connect all five platforms",
      "③ One post, every platform",
      "published on all five platforms",
      "④ A rate limit: retried, not lost",
      "published on attempt 2",
      "⑤ A dead letter, and its replay",
      "replayed and published",
      "⑥ Analytics",
      "⑦ The health report",
      "overall: ok",
      "That is the whole story",
    ]) {
      expect(output).toContain(step);
    }
  }, 240_000);

  it("stops every app on Ctrl-C, gracefully and each once", async () => {
    // a terminal's Ctrl-C: SIGINT to the whole foreground process group (the shell, pnpm, scripts/start.ts)
    process.kill(-started.pid, "SIGINT");
    await waitUntil(async () => processesUnder(checkout).length === 0, {
      what: "every process of the checkout to end",
      timeoutMs: 150_000,
    });
    const output = started.output();
    const shutdownLines = output
      .split("\n")
      .filter((line) => /shutdown (started|complete)|stopping|exited/.test(line));
    expect(output).toContain("SIGINT: stopping the apps, last started first");
    expect(output).not.toContain("second signal");
    expect(output.match(/"msg":"shutdown complete"/g)?.length ?? 0, shutdownLines.join("\n")).toBe(6);
  }, 180_000);
});
