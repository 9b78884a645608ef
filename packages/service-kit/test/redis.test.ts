import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import type { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { checkEvictionPolicy, createRedis, pingRedis, redisReconnectDelayMs } from "../src/index";

interface LogLine {
  level: number;
  msg: string;
  policy?: string;
}

function capture() {
  const lines: LogLine[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

const clients: Redis[] = [];
const servers: ChildProcess[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.quit().catch(() => client.disconnect())));
});

afterAll(async () => {
  await Promise.all(servers.map((server) => stopServer(server)));
});

function track(redis: Redis): Redis {
  clients.push(redis);
  return redis;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, "127.0.0.1");
  await once(probe, "listening");
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** A private redis-server (this file may stop it), ready when it says so. */
async function startServer(port: number, extraArgs: string[] = []): Promise<ChildProcess> {
  const args = [
    "--port",
    String(port),
    "--bind",
    "127.0.0.1",
    "--save",
    "",
    "--appendonly",
    "no",
    ...extraArgs,
  ];
  const server = spawn("redis-server", args, { stdio: ["ignore", "pipe", "inherit"] });
  servers.push(server);
  let output = "";
  server.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
  });
  await vi.waitFor(() => expect(output).toContain("Ready to accept connections"), { timeout: 10_000 });
  return server;
}

async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, "exit");
  server.kill("SIGKILL");
  await exited;
}

async function ready(redis: Redis): Promise<Redis> {
  if (redis.status !== "ready") await once(redis, "ready");
  return redis;
}

describe("createRedis against the shared server (read-only)", () => {
  it("connects with BullMQ-safe settings and its connection name", async () => {
    const { logger, lines } = capture();
    const redis = track(
      createRedis({ url: "redis://127.0.0.1:6379", logger, connectionName: "svc-kit-test" }),
    );
    await ready(redis);
    expect(redis.options.maxRetriesPerRequest).toBeNull();
    expect(redis.options.enableReadyCheck).toBe(true);
    expect(redis.options.keyPrefix).toBeFalsy();
    expect(await redis.client("GETNAME")).toBe("svc-kit-test");
    await expect(pingRedis(redis)).resolves.toBeUndefined();
    expect(lines.map((line) => line.msg)).toContain("redis connected");
  });

  it("reads the eviction policy and warns only when it is not noeviction", async () => {
    const { logger, lines } = capture();
    const redis = track(createRedis({ url: "redis://127.0.0.1:6379", logger }));
    const policy = await checkEvictionPolicy(await ready(redis), logger);
    expect(typeof policy).toBe("string");
    const warned = lines.some((line) => line.msg.includes("not noeviction"));
    expect(warned).toBe(policy !== "noeviction");
  });
});

describe("createRedis against a private server", () => {
  it("warns about a policy that lets Redis evict jobs", async () => {
    const port = await freePort();
    await startServer(port, ["--maxmemory-policy", "allkeys-lru"]);
    const { logger, lines } = capture();
    const redis = track(createRedis({ url: `redis://127.0.0.1:${port}`, logger }));
    expect(await checkEvictionPolicy(await ready(redis), logger)).toBe("allkeys-lru");
    expect(lines.find((line) => line.policy === "allkeys-lru")?.level).toBe(40);
  });

  it("tolerates CONFIG being disabled", async () => {
    const port = await freePort();
    await startServer(port, ["--rename-command", "CONFIG", ""]);
    const { logger, lines } = capture();
    const redis = track(createRedis({ url: `redis://127.0.0.1:${port}`, logger }));
    expect(await checkEvictionPolicy(await ready(redis), logger)).toBeUndefined();
    expect(lines.some((line) => line.msg.startsWith("cannot read redis maxmemory-policy"))).toBe(true);
  });

  it("logs an outage once however many reconnects it takes, then the recovery", async () => {
    const port = await freePort();
    const server = await startServer(port);
    const { logger, lines } = capture();
    const redis = track(createRedis({ url: `redis://127.0.0.1:${port}`, logger }));
    await ready(redis);
    let attempts = 0;
    redis.on("reconnecting", () => {
      attempts++;
    });

    await stopServer(server);
    await vi.waitFor(() => expect(attempts).toBeGreaterThanOrEqual(4), { timeout: 10_000 });
    await expect(pingRedis(redis)).rejects.toThrow(/redis connection is/);
    await startServer(port);
    await vi.waitFor(() => expect(redis.status).toBe("ready"), { timeout: 10_000 });

    const stateLines = lines.filter((line) => line.level >= 30).map((line) => line.msg);
    expect(stateLines).toEqual(["redis connected", "redis connection lost", "redis connection restored"]);
  });
});

describe("redisReconnectDelayMs", () => {
  it("backs off exponentially up to 5 s", () => {
    expect([1, 2, 3, 4, 10, 1000].map(redisReconnectDelayMs)).toEqual([100, 200, 400, 800, 5000, 5000]);
  });
});
