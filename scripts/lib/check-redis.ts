import { type CheckResult, describeUnreachable, isVersionAtLeast } from "./check-result";
import { describeEndpoint, endpointOf } from "./local-config";
import { encodeCommand, parseInfo, RedisError, type RedisReply, readRedisReply } from "./redis-protocol";
import { openSocket, SocketReader } from "./socket-reader";

const server = "Redis";
const composeService = "redis";
const minimumVersion = "7";
const startAdvice =
  "start it: `docker compose up -d redis`, or without Docker `apt-get install redis-server` (Debian 12 ships 7.0)";

async function command(socket: { write(data: Buffer): unknown }, reader: SocketReader, args: string[]) {
  socket.write(encodeCommand(args));
  const reply: RedisReply = await reader.read(readRedisReply);
  if (reply instanceof RedisError) throw reply;
  return reply;
}

/** Reads `INFO` (after AUTH when the URL carries credentials). */
async function readServerInfo(url: string): Promise<Map<string, string>> {
  const parsed = new URL(url);
  const socket = await openSocket({
    ...endpointOf(url, 6379),
    tls: parsed.protocol === "rediss:",
    timeoutMs: 5_000,
  });
  const reader = new SocketReader(socket);
  try {
    const password = decodeURIComponent(parsed.password);
    const user = decodeURIComponent(parsed.username);
    if (password) await command(socket, reader, user ? ["AUTH", user, password] : ["AUTH", password]);
    const info = await command(socket, reader, ["INFO"]);
    return parseInfo(typeof info === "string" ? info : "");
  } finally {
    socket.destroy();
  }
}

/** Whether Redis answers, its version, and whether it keeps keys under memory pressure (BullMQ needs that). */
export async function checkRedis(url: string): Promise<CheckResult> {
  const where = describeEndpoint(endpointOf(url, 6379));
  let info: Map<string, string>;
  try {
    info = await readServerInfo(url);
  } catch (error) {
    const refused = error instanceof RedisError;
    return {
      server,
      composeService,
      status: "down",
      summary: refused
        ? `${server} at ${where} refused us (${error.message})`
        : describeUnreachable({ server, where, error }),
      advice: refused ? "check the credentials in REDIS_URL" : startAdvice,
    };
  }
  const version = info.get("redis_version") ?? "?";
  const policy = info.get("maxmemory_policy") ?? "?";
  const summary = `${server} ${version} at ${where}, maxmemory-policy ${policy}`;
  if (!isVersionAtLeast(version, minimumVersion)) {
    return {
      server,
      composeService,
      status: "warn",
      summary,
      advice: `POSTD needs ${server} ${minimumVersion}+`,
    };
  }
  if (policy !== "noeviction") {
    const advice =
      "BullMQ needs noeviction or it loses jobs: `redis-cli config set maxmemory-policy noeviction`";
    return { server, composeService, status: "warn", summary, advice };
  }
  return { server, composeService, status: "ok", summary };
}
