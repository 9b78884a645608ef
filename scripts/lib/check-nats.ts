import { type CheckResult, describeUnreachable, isVersionAtLeast, UnexpectedReply } from "./check-result";
import { describeEndpoint, endpointOf } from "./local-config";
import { openSocket, type Parse, SocketReader } from "./socket-reader";

const server = "NATS";
const composeService = "nats";
const minimumVersion = "2.9";
const startAdvice =
  "start it: `docker compose up -d nats`, or without Docker `apt-get install nats-server` " +
  "and run `nats-server -a 127.0.0.1 -js -sd ~/.local/share/nats`";

export interface NatsServerInfo {
  readonly version: string;
  readonly jetstream: boolean;
}

/** The INFO line every NATS server greets a new client with: `INFO {json}\r\n`. */
export const readNatsInfo: Parse<NatsServerInfo> = (buffer) => {
  const end = buffer.indexOf("\r\n");
  if (end === -1) return undefined;
  const line = buffer.toString("utf8", 0, end);
  if (!line.startsWith("INFO "))
    throw new UnexpectedReply(`not a NATS greeting: ${JSON.stringify(line.slice(0, 40))}`);
  const info = JSON.parse(line.slice(5)) as { version?: unknown; jetstream?: unknown };
  return {
    value: { version: String(info.version ?? "?"), jetstream: info.jetstream === true },
    size: end + 2,
  };
};

/** Whether NATS answers, its version and whether JetStream is on (the events need it). */
export async function checkNats(url: string): Promise<CheckResult> {
  const where = describeEndpoint(endpointOf(url, 4222));
  let info: NatsServerInfo;
  try {
    const socket = await openSocket({ ...endpointOf(url, 4222), timeoutMs: 5_000 });
    try {
      info = await new SocketReader(socket).read(readNatsInfo);
    } finally {
      socket.destroy();
    }
  } catch (error) {
    const summary = describeUnreachable({ server, where, error });
    return { server, composeService, status: "down", summary, advice: startAdvice };
  }
  const summary = `${server} ${info.version} at ${where}, JetStream ${info.jetstream ? "on" : "off"}`;
  if (!isVersionAtLeast(info.version, minimumVersion)) {
    return {
      server,
      composeService,
      status: "warn",
      summary,
      advice: `POSTD needs ${server} ${minimumVersion}+`,
    };
  }
  if (!info.jetstream) {
    const advice = "the events need JetStream: restart nats-server with `-js -sd <dir>`";
    return { server, composeService, status: "warn", summary, advice };
  }
  return { server, composeService, status: "ok", summary };
}
