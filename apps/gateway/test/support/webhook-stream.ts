import { jetstream, jetstreamManager } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import {
  type EventEnvelope,
  type NatsNamespace,
  namespaced,
  streamFor,
  WebhookReceived,
} from "@postd/contracts";
import type { Sql } from "postgres";
import { expect, vi } from "vitest";

export type WebhookEnvelope = EventEnvelope<typeof WebhookReceived>;

export interface WebhookStream {
  /** every webhook.received.v1 on JetStream so far, in stream order */
  readonly events: WebhookEnvelope[];
  /** waits until the outbox has published everything and this reader has read the whole stream */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

/** Reads `webhook.received.v1` from the file's WEBHOOK stream with an ordered consumer, as a consumer would. */
export async function readWebhookStream(input: {
  nc: NatsConnection;
  ns: NatsNamespace;
  sql: Sql;
}): Promise<WebhookStream> {
  const stream = streamFor(input.ns, "webhook");
  const consumer = await jetstream(input.nc).consumers.get(stream.name, {
    filter_subjects: namespaced(input.ns, WebhookReceived.subject),
  });
  const messages = await consumer.consume();
  const events: WebhookEnvelope[] = [];
  const reading = (async () => {
    for await (const message of messages) events.push(WebhookReceived.envelope.parse(message.json()));
  })();
  const jsm = await jetstreamManager(input.nc);
  return {
    events,
    async settled() {
      await vi.waitFor(
        async () => {
          const [row] = await input.sql<{ total: number; sent: number }[]>`
            select count(*)::int as total, count(sent_at)::int as sent from gateway.outbox`;
          expect(row?.sent).toBe(row?.total);
          const info = await jsm.streams.info(stream.name);
          expect(events.length).toBe(info.state.messages);
        },
        { timeout: 10_000, interval: 50 },
      );
    },
    async stop() {
      await messages.close();
      await reading;
    },
  };
}
