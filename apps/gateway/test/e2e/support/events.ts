import type { NatsConnection } from "@nats-io/nats-core";
import type { EventContract, EventEnvelope } from "@postd/contracts";
import { connectNats, consumeEvents, type EventConsumer, matchEvent } from "@postd/service-kit";
import { createLogger } from "@postd/telemetry";
import { randomToken } from "@postd/testing";
import type { AnyE2eSystem as E2eSystem } from "./e2e-system";

export interface EventRecorder {
  /** every envelope of this event seen so far, deduplicated by envelope id (delivery is at least once) */
  of<E extends EventContract>(event: E): EventEnvelope<E>[];
  stop(): Promise<void>;
}

const silent = createLogger({ service: "e2e-observer", level: "silent" });

/**
 * Reads the system's event streams from their start, as one more consumer would (a durable of the test's own in
 * the system's NATS namespace; startSystem's cleanup deletes it with the streams).
 */
export async function recordEvents(e2e: E2eSystem, events: readonly EventContract[]): Promise<EventRecorder> {
  const nc: NatsConnection = await connectNats({
    url: e2e.system.env.NATS_URL ?? "",
    name: "e2e-observer",
    logger: silent,
  });
  const seen = new Map<string, EventEnvelope<EventContract>>();
  const consumer: EventConsumer = await consumeEvents({
    nc,
    ns: { prefix: e2e.system.env.NATS_PREFIX ?? "" },
    durableName: `e2e-observer-${randomToken()}`,
    events,
    logger: silent,
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
    async stop() {
      await consumer.stop();
      await nc.drain();
    },
  };
}
