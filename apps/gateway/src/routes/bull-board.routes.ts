import { createBullBoard } from "@bull-board/api";
import { BullMQAdapter } from "@bull-board/api/bullMQAdapter";
import { FastifyAdapter } from "@bull-board/fastify";
import { AppError, type HttpServer, sendProblem } from "@postd/service-kit";
import { Queue } from "bullmq";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import { isAdminKey } from "../auth/admin-key";

export interface BullBoardDeps {
  redis: Redis;
  /** REDIS_PREFIX: BullMQ's key prefix */
  prefix: string;
  adminApiKey: string;
  /** how often the page looks for new queues in Redis; default 10 s */
  rediscoverMs?: number;
}

export const bullBoardPath = "/admin/queues";

/** The queues every service declares; others appear once BullMQ has written their `<prefix>:<name>:meta`. */
const knownQueues = [
  "token-service.refresh",
  "publish-service.publish",
  "publish-service.dead-letter",
  "publish-service.reconcile",
  "webhook-service.deliver",
  "health-service.check",
];

/** Bull Board's page loads its own scripts and styles (and Google Fonts); nothing else. */
const boardCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline' https://fonts.googleapis.com",
  "font-src 'self' data: https://fonts.gstatic.com",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Bull Board at `/admin/queues`: every queue of every service (known names plus what Redis shows), behind HTTP
 * Basic auth whose password is the admin key (any user name), so a browser can open it. Operators can retry,
 * promote and clean jobs there; it is the admin key's holder's tool.
 */
export async function registerBullBoardRoutes(app: HttpServer, deps: BullBoardDeps): Promise<void> {
  const queues = new Map<string, Queue>();
  const serverAdapter = new FastifyAdapter().setBasePath(bullBoardPath);
  const board = createBullBoard({ queues: [], serverAdapter });
  let discoveredAt = 0;
  const refreshQueues = async () => {
    if (Date.now() - discoveredAt < (deps.rediscoverMs ?? 10_000) && queues.size > 0) return;
    discoveredAt = Date.now();
    const names = new Set([...knownQueues, ...(await discoverQueueNames(deps.redis, deps.prefix))]);
    for (const name of [...names].sort()) {
      if (queues.has(name)) continue;
      const queue = new Queue(name, { connection: deps.redis, prefix: deps.prefix });
      // the board shows failures itself; without a listener each Redis retry would be printed to stderr
      queue.on("error", () => undefined);
      queues.set(name, queue);
      board.addQueue(new BullMQAdapter(queue));
    }
  };
  app.addHook("onClose", async () => {
    await Promise.all([...queues.values()].map((queue) => queue.close()));
  });
  await app.register(async (scope) => {
    scope.addHook("onRequest", async (request, reply) => {
      if (!isBoardAdmin(request, deps.adminApiKey)) return refuse(request, reply);
      if (deps.redis.status === "ready") await refreshQueues();
      return undefined;
    });
    scope.addHook("onSend", async (_request, reply, payload) => {
      reply.header("content-security-policy", boardCsp);
      return payload;
    });
    await scope.register(serverAdapter.registerPlugin(), { prefix: bullBoardPath });
  });
}

function isBoardAdmin(request: FastifyRequest, adminApiKey: string): boolean {
  const header = request.headers.authorization ?? "";
  const match = /^Basic ([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match?.[1]) return false;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  return separator >= 0 && isAdminKey(decoded.slice(separator + 1), adminApiKey);
}

function refuse(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  reply.header("www-authenticate", 'Basic realm="postd queues", charset="UTF-8"');
  sendProblem(
    request,
    reply,
    new AppError("UNAUTHENTICATED", "the queue dashboard needs the admin key as the password"),
  );
  return reply;
}

async function discoverQueueNames(redis: Redis, prefix: string): Promise<string[]> {
  const names: string[] = [];
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*:meta`, "COUNT", 500);
    cursor = next;
    for (const key of keys) {
      const name = key.slice(prefix.length + 1, -":meta".length);
      if (name && !name.includes(":")) names.push(name);
    }
  } while (cursor !== "0");
  return names;
}
