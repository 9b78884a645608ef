import { randomUUID } from "node:crypto";
import Fastify from "fastify";
import { Redis } from "ioredis";
import postgres from "postgres";

/**
 * The baseline of the accept benchmark, as its own process: a bare Fastify route that does the least an accept
 * can do durably — one INSERT into Postgres and one raw LPUSH to Redis — and answers 202. No auth, no validation
 * beyond JSON parsing, no logging. Environment: BASELINE_PORT, DATABASE_URL, REDIS_URL, REDIS_KEY.
 */
const port = Number(process.env.BASELINE_PORT ?? "0");
const sql = postgres(process.env.DATABASE_URL ?? "", { max: 10, onnotice: () => {} });
const redis = new Redis(process.env.REDIS_URL ?? "");
const queueKey = process.env.REDIS_KEY ?? "bench:baseline";

await sql`create table if not exists baseline_posts (id text primary key, body jsonb not null, created_at timestamptz not null default now())`;

const app = Fastify({ logger: false });
app.post("/baseline", async (request, reply) => {
  const id = randomUUID();
  await sql`insert into baseline_posts (id, body) values (${id}, ${sql.json(request.body as postgres.JSONValue)})`;
  await redis.lpush(queueKey, id);
  return reply.code(202).send({ id });
});
app.get("/readyz", async () => ({ status: "ok" }));

const shutdown = async () => {
  await app.close();
  await sql.end({ timeout: 2 });
  redis.disconnect();
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
await app.listen({ port, host: "127.0.0.1" });
