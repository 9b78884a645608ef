import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../free-port";
import { createPrivateServer, type PrivateServer } from "./private-server";
import { probeTcp } from "./tcp-probe";

export interface PrivateNatsOptions {
  /** enable JetStream, stored in the server's temporary directory (default true) */
  readonly jetstream?: boolean;
  /** extra `nats-server` arguments */
  readonly args?: readonly string[];
  /** default /usr/sbin/nats-server */
  readonly binary?: string;
  /** added to the server's environment (a config file's `$VARIABLE`s, e.g. infra/nats/nats.conf's passwords) */
  readonly env?: Readonly<Record<string, string>>;
}

/** A NATS server of our own on a free port, already answering (and with JetStream up when asked). */
export async function startPrivateNats(options: PrivateNatsOptions = {}): Promise<PrivateServer> {
  const port = await freePort();
  const dataDir = await mkdtemp(join(tmpdir(), "postd-nats-"));
  const jetstream = options.jetstream ?? true;
  const server = createPrivateServer({
    kind: "nats",
    port,
    url: `nats://127.0.0.1:${port}`,
    dataDir,
    command: options.binary ?? "/usr/sbin/nats-server",
    args: [
      "-a",
      "127.0.0.1",
      "-p",
      String(port),
      ...(jetstream ? ["-js", "-sd", dataDir] : []),
      ...(options.args ?? []),
    ],
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    stopSignal: "SIGTERM",
    // the server greets every client with an INFO line, which says whether JetStream is on
    isReady: () =>
      probeTcp({
        port,
        accept: (received) =>
          received.startsWith("INFO ") &&
          received.includes("\n") &&
          (!jetstream || received.includes('"jetstream":true')),
      }),
  });
  await server.start();
  return server;
}
