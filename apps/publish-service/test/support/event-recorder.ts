import type { NatsConnection } from "@nats-io/nats-core";
import {
  type EventContract,
  type EventEnvelope,
  type NatsNamespace,
  PostAccepted,
  PostCancelled,
  PostTargetDeadLettered,
  PostTargetDeleted,
  PostTargetPublished,
  PostTargetUnconfirmed,
} from "@postd/contracts";
import { consumeEvents, type EventConsumer, matchEvent } from "@postd/service-kit";
import { createLogger } from "@postd/telemetry";
import { randomToken } from "@postd/testing";

const postEvents = [
  PostAccepted,
  PostTargetPublished,
  PostTargetDeadLettered,
  PostTargetUnconfirmed,
  PostTargetDeleted,
  PostCancelled,
];

export interface EventRecorder {
  /** every envelope of this event seen so far (deduplicated by envelope id) */
  of<E extends EventContract>(event: E): EventEnvelope<E>[];
  stop(): Promise<void>;
}

/** Reads the `post.*` stream from its start through a durable consumer of the test's own. */
export async function recordPostEvents(input: {
  nc: NatsConnection;
  ns: NatsNamespace;
}): Promise<EventRecorder> {
  const seen = new Map<string, EventEnvelope<EventContract>>();
  const consumer: EventConsumer = await consumeEvents({
    nc: input.nc,
    ns: input.ns,
    durableName: `test-observer-${randomToken()}`,
    events: postEvents,
    logger: createLogger({ service: "test-observer", level: "silent" }),
    handler: async (envelope) => {
      seen.set(envelope.id, envelope);
    },
  });
  return {
    of<E extends EventContract>(event: E) {
      const matched: EventEnvelope<E>[] = [];
      for (const envelope of seen.values()) {
        const typed = matchEvent(event, envelope);
        if (typed) matched.push(typed);
      }
      return matched;
    },
    stop: () => consumer.stop(),
  };
}
