import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer } from "node:net";
import { jetstreamManager, StorageType } from "@nats-io/jetstream";
import { type NatsConnection, nanos } from "@nats-io/nats-core";
import { allStreams, type NatsNamespace } from "@postd/contracts";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectNats, ensureStreams, pingNats } from "../src/index";

interface LogLine {
  level: number;
  msg: string;
}

function capture() {
  const lines: LogLine[] = [];
  const logger = pino({ level: "trace" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { lines, logger };
}

const ns: NatsNamespace = { prefix: `t_${randomBytes(5).toString("hex")}` };
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connectNats({ url: "nats://127.0.0.1:4222", name: "svc-kit-test", logger: capture().logger });
});

afterAll(async () => {
  const jsm = await jetstreamManager(nc);
  for (const stream of allStreams(ns)) await jsm.streams.delete(stream.name).catch(() => false);
  await nc.drain();
});

describe("ensureStreams", () => {
  it("creates every domain's stream with file storage, max age and the duplicate window in nanoseconds", async () => {
    await ensureStreams(nc, ns);
    const jsm = await jetstreamManager(nc);
    for (const definition of allStreams(ns)) {
      const { config } = await jsm.streams.info(definition.name);
      expect(config).toMatchObject({
        name: definition.name,
        subjects: definition.subjects,
        storage: StorageType.File,
        max_age: nanos(definition.maxAgeMs),
        duplicate_window: nanos(definition.duplicateWindowMs),
      });
      expect(definition.name.startsWith(`${ns.prefix}_`)).toBe(true);
    }
  });

  it("is idempotent, also when replicas run it at once", async () => {
    await Promise.all([ensureStreams(nc, ns), ensureStreams(nc, ns)]);
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) if (name.startsWith(`${ns.prefix}_`)) names.push(name);
    expect(names.sort()).toEqual(
      allStreams(ns)
        .map((stream) => stream.name)
        .sort(),
    );
  });

  it("brings a drifted stream back to its definition", async () => {
    const jsm = await jetstreamManager(nc);
    const [first] = allStreams(ns);
    if (!first) throw new Error("no streams defined");
    await jsm.streams.update(first.name, { max_age: nanos(60_000), duplicate_window: nanos(1000) });
    const { logger, lines } = capture();
    await ensureStreams(nc, ns, { logger });
    const { config } = await jsm.streams.info(first.name);
    expect(config.max_age).toBe(nanos(first.maxAgeMs));
    expect(config.duplicate_window).toBe(nanos(first.duplicateWindowMs));
    expect(lines.filter((line) => line.msg === "stream configuration updated")).toHaveLength(1);
  });

  it("ensures only the domains asked for", async () => {
    const only: NatsNamespace = { prefix: `${ns.prefix}x` };
    const infos = await ensureStreams(nc, only, { domains: ["post"] });
    const jsm = await jetstreamManager(nc);
    try {
      expect(infos.map((info) => info.config.name)).toEqual([`${only.prefix}_POST`]);
      await expect(jsm.streams.info(`${only.prefix}_CONNECTION`)).rejects.toThrow(/not found/);
    } finally {
      await jsm.streams.delete(`${only.prefix}_POST`);
    }
  });
});

describe("pingNats", () => {
  it("round-trips to the server", async () => {
    await expect(pingNats(nc)).resolves.toBeUndefined();
  });

  it("refuses a closed connection", async () => {
    const other = await connectNats({
      url: "nats://127.0.0.1:4222",
      name: "svc-kit-ping",
      logger: capture().logger,
    });
    await other.close();
    await expect(pingNats(other)).rejects.toThrow(/closed/);
  });
});

describe("connectNats against a private server", () => {
  const servers: ChildProcess[] = [];

  afterAll(async () => {
    await Promise.all(servers.map((server) => stopServer(server)));
  });

  async function startServer(port: number): Promise<ChildProcess> {
    const server = spawn("/usr/sbin/nats-server", ["-a", "127.0.0.1", "-p", String(port)], {
      stdio: ["ignore", "ignore", "pipe"],
    });
    servers.push(server);
    let output = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    await vi.waitFor(() => expect(output).toContain("Server is ready"), { timeout: 10_000 });
    return server;
  }

  async function stopServer(server: ChildProcess): Promise<void> {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = once(server, "exit");
    server.kill("SIGKILL");
    await exited;
  }

  it("reconnects after the server comes back and logs the disconnect and the reconnect once each", async () => {
    const probe = createServer().listen(0, "127.0.0.1");
    await once(probe, "listening");
    const address = probe.address();
    probe.close();
    if (address === null || typeof address === "string") throw new Error("no port");
    const server = await startServer(address.port);
    const { logger, lines } = capture();
    const client = await connectNats({
      url: `nats://127.0.0.1:${address.port}`,
      name: "svc-kit-outage",
      logger,
      reconnectTimeWaitMs: 50,
    });
    try {
      await stopServer(server);
      await vi.waitFor(() => expect(lines.map((line) => line.msg)).toContain("nats disconnected"), {
        timeout: 10_000,
        interval: 50,
      });
      await startServer(address.port);
      await vi.waitFor(() => expect(lines.map((line) => line.msg)).toContain("nats reconnected"), {
        timeout: 10_000,
      });
      await expect(pingNats(client)).resolves.toBeUndefined();
      const changes = lines
        .filter((line) => line.level >= 40 || line.msg === "nats reconnected")
        .map((l) => l.msg);
      expect(changes).toEqual(["nats disconnected", "nats reconnected"]);
    } finally {
      await client.close();
    }
  });
});
