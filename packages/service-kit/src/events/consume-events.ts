import { type ConsumerMessages, jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import {
  type EventContract,
  type NatsNamespace,
  namespaced,
  namespacedName,
  streamFor,
} from "@postd/contracts";
import type { Logger } from "pino";
import { ensureStreams } from "../nats/ensure-streams";
import type { TracePropagation } from "../rpc/trace-propagation";
import { ensureConsumer, supportsMultipleFilters } from "./ensure-consumer";
import { toEventDomain } from "./event-domain";
import { type EventHandler, handleEventMessage, type MessagePolicy } from "./handle-event-message";

export interface ConsumeEventsOptions<E extends EventContract> {
  nc: NatsConnection;
  ns: NatsNamespace;
  /** the consuming service, e.g. `webhook-service`: replicas with the same name share the events */
  durableName: string;
  events: readonly E[];
  handler: EventHandler<E>;
  logger: Logger;
  tracing?: TracePropagation;
  /** deliveries before an event is dropped with an error log; 5 by default */
  maxDeliver?: number;
  /** how long a delivery may stay unacknowledged (kept alive while the handler runs); 30 s by default */
  ackWaitMs?: number;
  /** wait before redelivery after failure n (1-based; the last value repeats); 1 s, 5 s, 30 s, 2 min by default */
  backoffMs?: readonly number[];
  /** handlers running at once, per stream; 1 by default (events of a domain in order, per process) */
  concurrency?: number;
}

export interface EventConsumer {
  /** Stops taking messages (buffered ones are released to other replicas) and waits for running handlers. */
  stop(): Promise<void>;
}

/**
 * Consumes events through a durable pull consumer per domain stream, named `namespacedName(ns, durableName)`,
 * with explicit acks: ack on success, nak with backoff on failure, term after `maxDeliver` or for a malformed
 * envelope. Handlers must be idempotent (dedupe on `envelope.id`): delivery is at least once.
 */
export async function consumeEvents<E extends EventContract>(
  options: ConsumeEventsOptions<E>,
): Promise<EventConsumer> {
  const { nc, ns } = options;
  const jsm = await jetstreamManager(nc);
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const durableName = namespacedName(ns, options.durableName);
  const logger = options.logger.child({ consumer: durableName });
  const policy: MessagePolicy<E> = {
    ns,
    events: new Map(options.events.map((event) => [namespaced(ns, event.subject), event])),
    handler: options.handler,
    logger,
    tracing: options.tracing,
    maxDeliver: options.maxDeliver ?? 5,
    backoffMs: options.backoffMs ?? [1_000, 5_000, 30_000, 120_000],
    ackWaitMs: options.ackWaitMs ?? 30_000,
  };
  const domains = [...new Set(options.events.map((event) => toEventDomain(event.domain)))];
  await ensureStreams(nc, ns, { domains });
  const streams = domains.map((domain) => streamFor(ns, domain));
  const stopping = { value: false };
  const running: RunningStream[] = [];
  for (const stream of streams) {
    const subjects = options.events
      .filter((event) => event.domain === stream.domain)
      .map((event) => event.subject);
    await ensureConsumer(jsm, {
      stream: stream.name,
      durableName,
      subjects: subjects.map((subject) => namespaced(ns, subject)),
      catchAll: namespaced(ns, `${stream.domain}.>`),
      ackWaitMs: policy.ackWaitMs,
      maxDeliver: policy.maxDeliver,
      maxAckPending: Math.max(1_000, concurrency),
      multipleFilters: supportsMultipleFilters(nc.info?.version),
    });
    running.push(await startStream({ nc, stream: stream.name, durableName, policy, concurrency, stopping }));
  }
  logger.info({ streams: streams.map((stream) => stream.name), concurrency }, "event consumer started");
  return {
    async stop() {
      stopping.value = true;
      for (const { messages } of running) messages.stop();
      await Promise.all(running.map(({ done }) => done));
      logger.info("event consumer stopped");
    },
  };
}

interface RunningStream {
  messages: ConsumerMessages;
  /** settles once the message loop has ended and its handlers have finished */
  done: Promise<void>;
}

async function startStream<E extends EventContract>(options: {
  nc: NatsConnection;
  stream: string;
  durableName: string;
  policy: MessagePolicy<E>;
  concurrency: number;
  stopping: { value: boolean };
}): Promise<RunningStream> {
  const consumer = await jetstream(options.nc).consumers.get(options.stream, options.durableName);
  // A small buffer: messages waiting in it are invisible to the other replicas until their ack wait runs out.
  const messages = await consumer.consume({ max_messages: options.concurrency });
  watchStatus(messages, options.policy.logger);
  return { messages, done: dispatch(messages, options) };
}

async function dispatch<E extends EventContract>(
  messages: ConsumerMessages,
  options: { policy: MessagePolicy<E>; concurrency: number; stopping: { value: boolean } },
): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  try {
    for await (const msg of messages) {
      if (options.stopping.value) {
        msg.nak();
        continue;
      }
      const work = handleEventMessage(msg, options.policy).catch((error: unknown) =>
        options.policy.logger.error({ err: error, subject: msg.subject }, "event dispatch failed"),
      );
      inFlight.add(work);
      void work.finally(() => inFlight.delete(work));
      if (inFlight.size >= options.concurrency) await Promise.race(inFlight);
    }
  } catch (error) {
    options.policy.logger.error({ err: error }, "event consumer stopped on an error");
  }
  await Promise.allSettled([...inFlight]);
}

function watchStatus(messages: ConsumerMessages, logger: Logger): void {
  const notable = new Set([
    "consumer_deleted",
    "consumer_not_found",
    "stream_not_found",
    "heartbeats_missed",
  ]);
  void (async () => {
    for await (const status of messages.status()) {
      if (notable.has(status.type)) logger.warn({ status }, "event consumer status");
    }
  })().catch((error: unknown) => logger.warn({ err: error }, "event consumer status stream ended"));
}
