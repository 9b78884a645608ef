import { type JetStreamManager, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import {
  defineEvent,
  type EventContract,
  namespaced,
  namespacedName,
  newId,
  streamFor,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { consumeEvents, type EventConsumer, matchEvent } from "../src/events/index";
import { ensureStreams } from "../src/nats/ensure-streams";
import { testNamespace } from "./fixtures/namespace";
import { createTestLogger, logLevels } from "./fixtures/test-logger";

const ns = testNamespace();
const { logger, lines } = createTestLogger();
const Item = z.object({ n: z.number().int() });
let nc: NatsConnection;
let otherNc: NatsConnection;
let jsm: JetStreamManager;
const consumers: EventConsumer[] = [];

async function publish(event: EventContract, data: unknown): Promise<string> {
  const id = newId("event");
  const envelope = {
    id,
    subject: event.subject,
    occurredAt: new Date().toISOString(),
    tenantId: "ten_1",
    data,
  };
  await jetstream(nc).publish(namespaced(ns, event.subject), JSON.stringify(envelope), { msgID: id });
  return id;
}

async function pendingOf(domain: "post" | "connection", durable: string) {
  const info = await jsm.consumers.info(streamFor(ns, domain).name, namespacedName(ns, durable));
  return { ackPending: info.num_ack_pending, pending: info.num_pending, redelivered: info.num_redelivered };
}

async function settled(domain: "post" | "connection", durable: string, delivered: number): Promise<void> {
  await vi.waitFor(
    async () => {
      const info = await jsm.consumers.info(streamFor(ns, domain).name, namespacedName(ns, durable));
      expect(info.delivered.stream_seq).toBeGreaterThanOrEqual(delivered);
      expect(info.num_ack_pending).toBe(0);
      expect(info.num_pending).toBe(0);
    },
    { timeout: 10_000, interval: 50 },
  );
}

beforeAll(async () => {
  nc = await connect({ servers: "127.0.0.1:4222" });
  otherNc = await connect({ servers: "127.0.0.1:4222" });
  jsm = await jetstreamManager(nc);
  await ensureStreams(nc, ns, { domains: ["post", "connection"] });
});

afterAll(async () => {
  for (const consumer of consumers) await consumer.stop();
  for (const domain of ["post", "connection"] as const) await jsm.streams.delete(streamFor(ns, domain).name);
  await nc.close();
  await otherNc.close();
});

describe("event consumers", () => {
  it("hands a published event to the handler once and acks it", async () => {
    const Checked = defineEvent("post.once_checked.v1", Item);
    const received: { id: string; n: number; deliveryCount: number; subject: string }[] = [];
    consumers.push(
      await consumeEvents({
        nc,
        ns,
        durableName: "once",
        events: [Checked],
        logger,
        handler: async (envelope, context) => {
          received.push({
            id: envelope.id,
            n: envelope.data.n,
            deliveryCount: context.deliveryCount,
            subject: context.subject,
          });
        },
      }),
    );
    const id = await publish(Checked, { n: 1 });
    await settled("post", "once", 1);
    expect(received).toEqual([{ id, n: 1, deliveryCount: 1, subject: "post.once_checked.v1" }]);
    expect(await pendingOf("post", "once")).toEqual({ ackPending: 0, pending: 0, redelivered: 0 });
  });

  it("retries a failing handler with backoff until it succeeds", async () => {
    const Flaky = defineEvent("post.flaky_happened.v1", Item);
    const attempts: number[] = [];
    consumers.push(
      await consumeEvents({
        nc,
        ns,
        durableName: "flaky",
        events: [Flaky],
        logger,
        backoffMs: [20, 40],
        handler: async (_envelope, { deliveryCount }) => {
          attempts.push(deliveryCount);
          if (deliveryCount < 3) throw new Error(`transient failure ${deliveryCount}`);
        },
      }),
    );
    await publish(Flaky, { n: 1 });
    await vi.waitFor(() => expect(attempts).toEqual([1, 2, 3]), { timeout: 10_000, interval: 50 });
    await settled("post", "flaky", 1);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("drops an event after maxDeliver failed deliveries, with an error log", async () => {
    const Doomed = defineEvent("post.doomed_happened.v1", Item);
    let calls = 0;
    consumers.push(
      await consumeEvents({
        nc,
        ns,
        durableName: "doomed",
        events: [Doomed],
        logger,
        maxDeliver: 3,
        backoffMs: [10],
        handler: async () => {
          calls += 1;
          throw new Error("always broken");
        },
      }),
    );
    const id = await publish(Doomed, { n: 1 });
    await vi.waitFor(
      () =>
        expect(lines.find((line) => line.eventId === id && line.level === logLevels.error)?.msg).toBe(
          "event handler failed on its last delivery; dropped",
        ),
      { timeout: 10_000, interval: 50 },
    );
    await settled("post", "doomed", 1);
    expect(calls).toBe(3);
  });

  it("terminates an invalid payload instead of redelivering it, and goes on with the next", async () => {
    const Strict = defineEvent("post.strict_happened.v1", Item);
    const seen: number[] = [];
    consumers.push(
      await consumeEvents({
        nc,
        ns,
        durableName: "strict",
        events: [Strict],
        logger,
        backoffMs: [10],
        handler: async (envelope) => {
          seen.push(envelope.data.n);
        },
      }),
    );
    const js = jetstream(nc);
    await js.publish(namespaced(ns, Strict.subject), "{not json");
    await publish(Strict, { n: "one" });
    await publish(Strict, { n: 2 });
    await settled("post", "strict", 3);
    expect(seen).toEqual([2]);
    expect(await pendingOf("post", "strict")).toEqual({ ackPending: 0, pending: 0, redelivered: 0 });
    const terminated = lines.filter(
      (line) => line.msg === "invalid event terminated" && line.level === logLevels.error,
    );
    expect(terminated).toHaveLength(2);
  });

  it("shares the events of one durable between two consumers", async () => {
    const Shared = defineEvent("post.shared_happened.v1", Item);
    const byConsumer: Map<string, number>[] = [new Map(), new Map()];
    for (const [index, connection] of [nc, otherNc].entries()) {
      consumers.push(
        await consumeEvents({
          nc: connection,
          ns,
          durableName: "sharing",
          events: [Shared],
          logger,
          handler: async (envelope) => {
            const counts = byConsumer[index];
            counts?.set(envelope.id, (counts.get(envelope.id) ?? 0) + 1);
            await new Promise((resolve) => setImmediate(resolve));
          },
        }),
      );
    }
    const ids = [];
    for (let n = 0; n < 60; n++) ids.push(await publish(Shared, { n }));
    await settled("post", "sharing", 60);
    const [first, second] = byConsumer.map((counts) => [...counts.keys()]);
    expect(first?.length).toBeGreaterThan(0);
    expect(second?.length).toBeGreaterThan(0);
    expect([...(first ?? []), ...(second ?? [])].sort()).toEqual([...ids].sort());
  });

  it("consumes several events across domains, skipping the ones it did not ask for", async () => {
    const Wanted = defineEvent("post.wanted_happened.v1", Item);
    const AlsoWanted = defineEvent("post.also_wanted_happened.v1", Item);
    const Unwanted = defineEvent("post.unwanted_happened.v1", Item);
    const Elsewhere = defineEvent("connection.elsewhere_happened.v1", Item);
    const got: string[] = [];
    consumers.push(
      await consumeEvents({
        nc,
        ns,
        durableName: "multi",
        events: [Wanted, AlsoWanted, Elsewhere],
        logger,
        handler: async (envelope) => {
          const elsewhere = matchEvent(Elsewhere, envelope);
          got.push(elsewhere ? `elsewhere ${elsewhere.data.n}` : `${envelope.subject} ${envelope.data.n}`);
        },
      }),
    );
    await publish(Unwanted, { n: 0 });
    await publish(Wanted, { n: 1 });
    await publish(AlsoWanted, { n: 2 });
    await publish(Elsewhere, { n: 3 });
    await vi.waitFor(() => expect(got).toHaveLength(3), { timeout: 10_000, interval: 50 });
    await settled("connection", "multi", 1);
    await vi.waitFor(
      async () => expect(await pendingOf("post", "multi")).toMatchObject({ ackPending: 0, pending: 0 }),
      { timeout: 10_000, interval: 50 },
    );
    expect(got.sort()).toEqual([
      "elsewhere 3",
      "post.also_wanted_happened.v1 2",
      "post.wanted_happened.v1 1",
    ]);
  });

  it("updates the settings of an existing durable when a new version of the consumer starts", async () => {
    const Tuned = defineEvent("post.tuned_happened.v1", Item);
    const handler = async () => undefined;
    const first = await consumeEvents({
      nc,
      ns,
      durableName: "tuned",
      events: [Tuned],
      logger,
      handler,
      maxDeliver: 3,
    });
    await first.stop();
    const second = await consumeEvents({
      nc,
      ns,
      durableName: "tuned",
      events: [Tuned],
      logger,
      handler,
      maxDeliver: 7,
    });
    consumers.push(second);
    const info = await jsm.consumers.info(streamFor(ns, "post").name, namespacedName(ns, "tuned"));
    expect(info.config).toMatchObject({
      max_deliver: 7,
      filter_subject: namespaced(ns, Tuned.subject),
      ack_policy: "explicit",
    });
  });

  it("stops by letting the running handler finish and ack", async () => {
    const Long = defineEvent("post.long_happened.v1", Item);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => undefined;
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    let finished = false;
    const consumer = await consumeEvents({
      nc,
      ns,
      durableName: "long",
      events: [Long],
      logger,
      handler: async () => {
        started();
        await gate;
        finished = true;
      },
    });
    await publish(Long, { n: 1 });
    await handlerStarted;
    let stopped = false;
    const stopping = consumer.stop().then(() => {
      stopped = true;
    });
    await nc.flush();
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(finished).toBe(true);
    expect(await pendingOf("post", "long")).toEqual({ ackPending: 0, pending: 0, redelivered: 0 });
  });
});
