import type { NatsConnection, Status } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import type { Logger } from "pino";
import { redactUrlCredentials } from "../config/env-value";
import { natsServersAndCredentials } from "./nats-credentials";

export interface NatsOptions {
  /**
   * one server URL, or several separated by commas; `nats://<user>:<password>@host:4222` connects as that user
   * (infra/nats/nats.conf gives each service its own) and takes replies under `_INBOX.<user>`
   */
  url: string;
  /** the client name the server shows in its monitoring (`connz`), e.g. `publish-service` */
  name: string;
  logger: Logger;
  /** pause between reconnect attempts (plus up to 100 ms jitter); default 1000 ms */
  reconnectTimeWaitMs?: number;
  /**
   * Keep trying when the server cannot be reached at start (default true): the service then waits for NATS
   * rather than crash-looping while the cluster starts. Pass false to fail at once instead.
   */
  waitOnFirstConnect?: boolean;
}

/**
 * A NATS connection that reconnects forever, with its connection changes logged (one line per disconnect and per
 * reconnect, not per attempt). Close it with `nc.drain()` in the shutdown's stop-intake or close-clients phase.
 */
export async function connectNats(options: NatsOptions): Promise<NatsConnection> {
  const { servers, user, pass, inboxPrefix } = natsServersAndCredentials(options.url);
  const log = options.logger.child({ component: "nats", connectionName: options.name });
  log.info({ servers: servers.map(redactUrlCredentials), ...(user ? { user } : {}) }, "nats connecting");
  const nc = await connect({
    servers,
    ...(user ? { user, pass, inboxPrefix } : {}),
    name: options.name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWaitMs ?? 1000,
    waitOnFirstConnect: options.waitOnFirstConnect ?? true,
  });
  log.info({ server: redactUrlCredentials(nc.getServer()) }, "nats connected");
  void logStatus(nc, log).catch((error: unknown) => log.error({ err: error }, "nats status watcher stopped"));
  return nc;
}

/** Runs in the background until the connection closes. */
async function logStatus(nc: NatsConnection, log: Logger): Promise<void> {
  for await (const status of nc.status()) {
    const line = describeStatus(status);
    log[line.level](line.fields, line.message);
  }
}

interface StatusLine {
  level: "debug" | "info" | "warn";
  message: string;
  fields: Record<string, unknown>;
}

/** Every status the client reports, with the level it deserves; the switch is exhaustive over `Status`. */
function describeStatus(status: Status): StatusLine {
  switch (status.type) {
    case "disconnect":
      return {
        level: "warn",
        message: "nats disconnected",
        fields: { server: redactUrlCredentials(status.server) },
      };
    case "reconnect":
      return {
        level: "info",
        message: "nats reconnected",
        fields: { server: redactUrlCredentials(status.server) },
      };
    case "ldm":
      return {
        level: "warn",
        message: "nats server entering lame duck mode",
        fields: { server: redactUrlCredentials(status.server) },
      };
    case "error":
      return { level: "warn", message: "nats server reported an error", fields: { err: status.error } };
    case "staleConnection":
      return { level: "warn", message: "nats connection stale; reconnecting", fields: {} };
    case "slowConsumer":
      return {
        level: "warn",
        message: "nats slow consumer",
        fields: { subject: status.sub.getSubject(), pending: status.pending },
      };
    case "close":
      return { level: "info", message: "nats connection closed", fields: {} };
    case "reconnecting":
    case "update":
    case "ping":
    case "forceReconnect":
      return { level: "debug", message: "nats status", fields: { status: status.type } };
  }
}

/** A readiness check: a round trip to the server within the timeout (default 2000 ms). */
export async function pingNats(nc: NatsConnection, options: { timeoutMs?: number } = {}): Promise<void> {
  if (nc.isClosed()) throw new Error("nats connection is closed");
  const timeoutMs = options.timeoutMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`nats did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([nc.flush(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
