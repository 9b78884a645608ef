import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../free-port";
import { createPrivateServer, type PrivateServer } from "./private-server";
import { probeTcp } from "./tcp-probe";

export interface PrivateRedisOptions {
  /** keep an append-only file so data survives kill() and restart() (default false: memory only) */
  readonly appendonly?: boolean;
  /** extra `redis-server` arguments, e.g. ["--maxmemory", "1mb"] */
  readonly args?: readonly string[];
  /** default `redis-server` from PATH */
  readonly binary?: string;
}

/** A Redis of our own (`redis-server` on a free port, data in a temporary directory), already answering. */
export async function startPrivateRedis(options: PrivateRedisOptions = {}): Promise<PrivateServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "postd-redis-"));
  const appendonly = options.appendonly ?? false;
  const server = createPrivateServer({
    kind: "redis",
    port,
    url: `redis://127.0.0.1:${port}`,
    dataDir,
    command: options.binary ?? "redis-server",
    args: [
      "--port",
      String(port),
      "--bind",
      "127.0.0.1",
      "--dir",
      dataDir,
      "--save",
      "",
      "--appendonly",
      appendonly ? "yes" : "no",
      "--appendfsync",
      "always",
      "--daemonize",
      "no",
      "--logfile",
      "",
      ...(options.args ?? []),
    ],
    stopSignal: "SIGTERM",
    // a Redis still loading its append-only file answers -LOADING, not +PONG
    isReady: () => probeTcp({ port, send: "PING\r\n", accept: (received) => received.startsWith("+PONG") }),
  });
  await server.start();
  return server;
}
