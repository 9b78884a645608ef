import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { defineEvent, streamFor } from "@postd/contracts";
import { count, eq, isNull, sql } from "drizzle-orm";
import { pgSchema, text } from "drizzle-orm/pg-core";
import { drizzle, type PostgresJsDatabase } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { consumeEvents } from "../src/events/index";
import { ensureStreams } from "../src/nats/ensure-streams";
import {
  createOutboxRelay,
  createOutboxTable,
  enqueueEvent,
  type OutboxRelayOptions,
  outboxTableSql,
} from "../src/outbox/index";
import { createTestDatabase, type TestDatabase } from "./fixtures/database";
import { testNamespace } from "./fixtures/namespace";
import { startPrivateNatsServer } from "./fixtures/private-nats-server";
import { createTestLogger } from "./fixtures/test-logger";

const ns = testNamespace();
const schemaName = "kit_outbox";
const demo = pgSchema(schemaName);
const outbox = createOutboxTable(demo);
const widgets = demo.table("widgets", { id: text("id").primaryKey(), name: text("name").notNull() });
const WidgetCreated = defineEvent(
  "post.widget_created.v1",
  z.object({ widgetId: z.string(), name: z.string() }),
);
const stream = streamFor(ns, "post").name;
const { logger } = createTestLogger();

let database: TestDatabase;
let db: PostgresJsDatabase;
let nc: NatsConnection;
let jsm: JetStreamManager;

function relayOptions(overrides: Partial<OutboxRelayOptions> = {}): OutboxRelayOptions {
  return {
    sql: database.sql,
    table: outbox,
    js: jetstream(nc),
    ns,
    logger,
    pollIntervalMs: 50,
    ...overrides,
  };
}

/** A business change and its event in one transaction, as services do it. */
async function createWidget(name: string): Promise<string> {
  return db.transaction(async (tx) => {
    const widgetId = `wid_${name}`;
    await tx.insert(widgets).values({ id: widgetId, name });
    return enqueueEvent(tx, outbox, { event: WidgetCreated, tenantId: "ten_1", data: { widgetId, name } });
  });
}

async function createWidgets(total: number, label: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < total; i++) ids.push(await createWidget(`${label}-${i}`));
  return ids;
}

async function streamCount(manager: JetStreamManager = jsm): Promise<number> {
  return (await manager.streams.info(stream)).state.messages;
}

async function unsentCount(): Promise<number> {
  const [row] = await db.select({ value: count() }).from(outbox).where(isNull(outbox.sentAt));
  return row?.value ?? -1;
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = drizzle({ client: database.sql });
  await database.sql.unsafe(outboxTableSql(schemaName));
  await database.sql.unsafe(
    `create table "${schemaName}"."widgets" (id text primary key, name text not null)`,
  );
  nc = await connect({ servers: "127.0.0.1:4222" });
  jsm = await jetstreamManager(nc);
  await ensureStreams(nc, ns, { domains: ["post"] });
});

afterAll(async () => {
  await jsm.streams.delete(stream).catch(() => false);
  await nc.close();
  await database.drop();
});

beforeEach(async () => {
  await database.sql.unsafe(`truncate "${schemaName}"."outbox", "${schemaName}"."widgets"`);
  await jsm.streams.purge(stream);
});

describe("transactional outbox", () => {
  it("publishes an event committed with its business row, with the event id as Nats-Msg-Id", async () => {
    const eventId = await createWidget("first");
    const result = await createOutboxRelay(relayOptions()).drainOnce();
    expect(result).toEqual({ published: 1, duplicates: 0, failed: 0, transportDown: false });

    const stored = await jsm.streams.getMessage(stream, {
      last_by_subj: `${ns.prefix}.post.widget_created.v1`,
    });
    expect(stored?.header.get("Nats-Msg-Id")).toBe(eventId);
    expect(stored?.json()).toMatchObject({
      id: eventId,
      subject: "post.widget_created.v1",
      tenantId: "ten_1",
      data: { widgetId: "wid_first", name: "first" },
    });
    const [row] = await db.select().from(outbox).where(eq(outbox.id, eventId));
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect(row?.attempts).toBe(1);
  });

  it("publishes nothing for a rolled-back transaction", async () => {
    const attempt = db.transaction(async (tx) => {
      await tx.insert(widgets).values({ id: "wid_gone", name: "gone" });
      await enqueueEvent(tx, outbox, {
        event: WidgetCreated,
        tenantId: "ten_1",
        data: { widgetId: "wid_gone", name: "gone" },
      });
      throw new Error("the change failed");
    });
    await expect(attempt).rejects.toThrow("the change failed");
    expect(await db.select().from(outbox)).toEqual([]);
    expect(await createOutboxRelay(relayOptions()).drainOnce()).toMatchObject({ published: 0 });
    expect(await streamCount()).toBe(0);
  });

  it("refuses event data that breaks the contract", async () => {
    const attempt = db.transaction((tx) =>
      // @ts-expect-error: deliberately wrong data
      enqueueEvent(tx, outbox, { event: WidgetCreated, tenantId: "ten_1", data: { widgetId: 42 } }),
    );
    await expect(attempt).rejects.toThrow(
      /invalid post.widget_created.v1 event: data.widgetId: .*; data.name/,
    );
  });

  it("wakes the running relay by NOTIFY on commit, long before its next poll", async () => {
    const relay = createOutboxRelay(relayOptions({ pollIntervalMs: 600_000 }));
    await relay.start();
    try {
      await createWidget("notified");
      await vi.waitFor(async () => expect(await streamCount()).toBe(1), { timeout: 5_000, interval: 20 });
    } finally {
      await relay.stop();
    }
  });

  it("re-publishes a batch whose relay failed between publishing and marking; JetStream drops the duplicates", async () => {
    const ids = await createWidgets(5, "hook");
    const crashing = createOutboxRelay(
      relayOptions({
        onBatchPublished: () => {
          throw new Error("crashed before marking");
        },
      }),
    );
    await expect(crashing.drainOnce()).rejects.toThrow("crashed before marking");
    expect(await unsentCount()).toBe(5);
    expect(await streamCount()).toBe(5);

    const result = await createOutboxRelay(relayOptions()).drainOnce();
    expect(result).toEqual({ published: 5, duplicates: 5, failed: 0, transportDown: false });
    expect(await unsentCount()).toBe(0);
    expect(await streamCount()).toBe(ids.length);
  });

  it("survives a relay SIGKILLed mid-batch: after restart every committed event is delivered, none twice", async () => {
    const committed = await createWidgets(25, "kill");
    // Node with the tsx loader, not the tsx CLI: the CLI forwards to a child process, which SIGKILL would miss.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", fileURLToPath(new URL("fixtures/outbox-relay-child.ts", import.meta.url))],
      {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          NATS_URL: "127.0.0.1:4222",
          NS_PREFIX: ns.prefix,
          SCHEMA: schemaName,
          BATCH_SIZE: "10",
          HANG_ON_BATCH: "2",
        },
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    const [line] = (await once(child.stdout, "data")) as [Buffer];
    const killedBatch = line.toString().trim().replace("published ", "").split(",");
    const exited = once(child, "exit");
    child.kill("SIGKILL");
    await exited;

    // The first batch went out and was marked; the second went out and was not.
    expect(killedBatch).toEqual(committed.slice(10, 20));
    expect(await unsentCount()).toBe(15);
    expect(await streamCount()).toBe(20);

    const restarted = createOutboxRelay(relayOptions({ batchSize: 10 }));
    let duplicates = 0;
    await vi.waitFor(
      async () => {
        duplicates += (await restarted.drainOnce()).duplicates;
        expect(await unsentCount()).toBe(0);
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(duplicates).toBe(10);
    expect(await streamCount()).toBe(25);

    const seen = new Set<string>();
    let deliveries = 0;
    const consumer = await consumeEvents({
      nc,
      ns,
      durableName: "kill-check",
      events: [WidgetCreated],
      logger,
      handler: async (envelope) => {
        deliveries += 1;
        seen.add(envelope.id);
      },
    });
    await vi.waitFor(() => expect(seen.size).toBe(25), { timeout: 10_000 });
    await consumer.stop();
    expect([...seen].sort()).toEqual([...committed].sort());
    expect(deliveries).toBe(25);
  });

  it("keeps events while NATS is down and publishes them once it is back", async () => {
    const server = await startPrivateNatsServer();
    const privateNc = await connect({ servers: server.url, maxReconnectAttempts: -1, reconnectTimeWait: 50 });
    const privateJsm = await jetstreamManager(privateNc);
    await ensureStreams(privateNc, ns, { domains: ["post"] });
    const relay = createOutboxRelay(
      relayOptions({
        js: jetstream(privateNc),
        publishTimeoutMs: 300,
        retryBackoff: { initialMs: 50, maxMs: 200 },
      }),
    );
    try {
      await server.stop();
      const ids = await createWidgets(5, "outage");
      expect(await relay.drainOnce()).toMatchObject({ published: 0, failed: 1, transportDown: true });
      const [first] = await db
        .select()
        .from(outbox)
        .where(eq(outbox.id, ids[0] ?? ""));
      expect(first).toMatchObject({ sentAt: null, attempts: 1 });
      expect(first?.lastError).toBeTruthy();
      expect(await unsentCount()).toBe(5);
      expect(await relay.lagMs()).toBeGreaterThan(0);

      await relay.start();
      await server.start();
      await vi.waitFor(async () => expect(await unsentCount()).toBe(0), { timeout: 20_000, interval: 50 });
      expect(await streamCount(privateJsm)).toBe(5);
      expect(await relay.lagMs()).toBe(0);
    } finally {
      await relay.stop();
      await privateNc.close();
      await server.destroy();
    }
  });

  it("shares the work between two relays without publishing any event twice", async () => {
    const committed = await createWidgets(200, "pair");
    const otherSql = postgres(database.url, { max: 4, onnotice: () => undefined });
    const relays = [
      createOutboxRelay(relayOptions({ batchSize: 10 })),
      createOutboxRelay(relayOptions({ sql: otherSql, batchSize: 10 })),
    ];
    try {
      const totals = await Promise.all(
        relays.map(async (relay) => {
          const total = { published: 0, duplicates: 0 };
          for (;;) {
            const result = await relay.drainOnce();
            if (result.published === 0) return total;
            total.published += result.published;
            total.duplicates += result.duplicates;
          }
        }),
      );
      expect(totals.map((total) => total.duplicates)).toEqual([0, 0]);
      expect(totals.reduce((sum, total) => sum + total.published, 0)).toBe(committed.length);
      for (const total of totals) expect(total.published).toBeGreaterThan(0);
      expect(await unsentCount()).toBe(0);
      expect(await streamCount()).toBe(committed.length);
    } finally {
      await otherSql.end();
    }
  });

  it("reports the age of the oldest unsent event and purges old sent rows", async () => {
    await database.sql.unsafe(`
      insert into "${schemaName}"."outbox" (id, subject, payload, created_at)
      values ('evt_old', 'post.widget_created.v1', '{}'::jsonb, now() - interval '5 seconds')`);
    const relay = createOutboxRelay(relayOptions());
    const lag = await relay.lagMs();
    expect(lag).toBeGreaterThanOrEqual(5_000);
    expect(lag).toBeLessThan(60_000);

    await db.update(outbox).set({ sentAt: sql`now() - interval '2 days'` }).where(eq(outbox.id, "evt_old"));
    await createWidget("recent");
    await relay.drainOnce();
    expect(await relay.lagMs()).toBe(0);
    expect(await relay.purgeSent({ olderThanMs: 24 * 60 * 60 * 1000 })).toBe(1);
    const left = await db.select({ id: outbox.id }).from(outbox);
    expect(left).toHaveLength(1);
    expect(left[0]?.id).not.toBe("evt_old");
  });
});
