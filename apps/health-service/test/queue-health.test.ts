import type { RunningGateway } from "@postd/gateway";
import { Queue, Worker } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { adminApiKey, createTenant, startWorldGateway } from "./support/gateway";
import { createHealthWorld, type HealthWorld } from "./support/harness";

let world: HealthWorld;
let gateway: RunningGateway;
let connection: Redis;
let apiKey: string;
const queues: Queue[] = [];

beforeAll(async () => {
  world = await createHealthWorld();
  await world.startHealth();
  gateway = await startWorldGateway(world);
  apiKey = (await createTenant(gateway)).apiKey;
  connection = new Redis(world.redisUrl, { maxRetriesPerRequest: null });
}, 90_000);

afterAll(async () => {
  await Promise.all(queues.map((queue) => queue.close()));
  await gateway?.stop("test done");
  await world?.close();
  connection?.disconnect();
});

function queueOf(name: string): Queue {
  const queue = new Queue(name, { connection, prefix: world.redisPrefix });
  queues.push(queue);
  return queue;
}

interface QueueRow {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  failed: number;
  completed: number;
  oldestWaitingAgeMs: number | null;
}

async function queueHealth(): Promise<QueueRow[]> {
  const response = await fetch(`${gateway.url}/api/health/queue`, {
    headers: { authorization: `Bearer ${apiKey}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { queues: QueueRow[] }).queues;
}

async function realCounts(queue: Queue) {
  const counts = await queue.getJobCounts("wait", "prioritized", "active", "delayed", "failed", "completed");
  return {
    waiting: (counts.wait ?? 0) + (counts.prioritized ?? 0),
    active: counts.active ?? 0,
    delayed: counts.delayed ?? 0,
    failed: counts.failed ?? 0,
    completed: counts.completed ?? 0,
  };
}

describe("GET /api/health/queue", () => {
  it("lists every known queue, even empty, and one found only in Redis", async () => {
    const extra = queueOf("webhook-service.extra");
    await extra.add("x", { id: "one" });
    const names = (await queueHealth()).map((queue) => queue.name);
    for (const name of [
      "publish-service.publish",
      "token-service.refresh",
      "health-service.check",
      "webhook-service.extra",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("matches the queue's real counts while it fills and after it drains", async () => {
    const queue = queueOf("publish-service.publish");
    await queue.addBulk(
      Array.from({ length: 5 }, (_, i) => ({ name: "publish", data: { targetId: `tgt_${i}` } })),
    );
    await queue.add("publish", { targetId: "later" }, { delay: 3_600_000 });
    await queue.add("publish", { targetId: "later-too" }, { delay: 3_600_000 });
    const filled = (await queueHealth()).find((row) => row.name === "publish-service.publish");
    expect(filled).toMatchObject({ ...(await realCounts(queue)), waiting: 5, delayed: 2 });
    expect(filled?.oldestWaitingAgeMs).toBeGreaterThanOrEqual(0);

    const worker = new Worker("publish-service.publish", async () => "done", {
      connection: connection.duplicate(),
      prefix: world.redisPrefix,
      concurrency: 5,
    });
    try {
      await vi.waitFor(async () => expect((await realCounts(queue)).completed).toBe(5), { timeout: 10_000 });
    } finally {
      await worker.close();
    }
    const drained = (await queueHealth()).find((row) => row.name === "publish-service.publish");
    expect(drained).toEqual({
      name: "publish-service.publish",
      ...(await realCounts(queue)),
      oldestWaitingAgeMs: null,
    });
    expect(drained).toMatchObject({ waiting: 0, completed: 5, delayed: 2 });
  });
});

describe("GET /api/health/metrics", () => {
  it("merges every running service's snapshot, labelled by service", async () => {
    await fetch(`${gateway.url}/api/health/queue`, { headers: { authorization: `Bearer ${apiKey}` } });
    const response = await fetch(`${gateway.url}/api/health/metrics`, {
      headers: { authorization: `Bearer ${adminApiKey}` },
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      metrics: Array<{ name: string; labels: Record<string, string> }>;
      services: { answered: string[]; missing: string[] };
    };
    expect(body.services.answered).toEqual(
      expect.arrayContaining(["gateway", "health-service", "token-service"]),
    );
    const requests = body.metrics.filter((metric) => metric.name === "api.request.duration");
    expect(requests.length).toBeGreaterThan(0);
    expect(requests[0]?.labels.service).toBeDefined();
  });
});

describe("Bull Board at /admin/queues", () => {
  const basic = (password: string) => `Basic ${Buffer.from(`ops:${password}`).toString("base64")}`;

  it("asks a browser for the admin key", async () => {
    const anonymous = await fetch(`${gateway.url}/admin/queues`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("www-authenticate")).toMatch(/^Basic realm=/);
    const wrong = await fetch(`${gateway.url}/admin/queues`, { headers: { authorization: basic("nope") } });
    expect(wrong.status).toBe(401);
    const bearer = await fetch(`${gateway.url}/admin/queues`, {
      headers: { authorization: `Bearer ${adminApiKey}` },
    });
    expect(bearer.status).toBe(401);
  });

  it("shows every queue to the admin", async () => {
    const page = await fetch(`${gateway.url}/admin/queues`, {
      headers: { authorization: basic(adminApiKey) },
    });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const api = await fetch(`${gateway.url}/admin/queues/api/queues`, {
      headers: { authorization: basic(adminApiKey) },
    });
    expect(api.status).toBe(200);
    const names = ((await api.json()) as { queues: Array<{ name: string }> }).queues.map(
      (queue) => queue.name,
    );
    expect(names).toEqual(
      expect.arrayContaining(["publish-service.publish", "health-service.check", "webhook-service.extra"]),
    );
  });
});
