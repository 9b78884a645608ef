import type { JetStreamClient } from "@nats-io/jetstream";
import {
  ClosedConnectionError,
  DrainingConnectionError,
  RequestError,
  TimeoutError,
} from "@nats-io/nats-core";
import { type NatsNamespace, namespaced } from "@postd/contracts";
import { recordMetric } from "@postd/telemetry";
import { recordToHeaders } from "../rpc/trace-propagation";
import type { OutboxEnvelope } from "./outbox-table";

export interface OutboxRow {
  id: string;
  subject: string;
  payload: OutboxEnvelope;
  headers: Record<string, string>;
  /** when the row was written; `outbox.lag` is the time from it to JetStream's acknowledgement */
  createdAt?: Date;
}

export interface PublishOutcome {
  /** acknowledged by JetStream (stored now, or already stored: a duplicate) */
  sent: string[];
  duplicates: number;
  failures: { id: string; error: unknown }[];
  /** NATS itself is unreachable: the rest of the batch was not tried */
  transportDown: boolean;
}

/**
 * Publishes rows one by one in their order, each with `Nats-Msg-Id` = the event id and an awaited PubAck. A failure
 * of one message (no stream for its subject, a rejected message) skips just that row; an unreachable NATS stops
 * the batch, since every following publish would wait out its timeout too.
 */
export async function publishRows(options: {
  js: JetStreamClient;
  ns: NatsNamespace;
  rows: OutboxRow[];
  timeoutMs: number;
}): Promise<PublishOutcome> {
  const outcome: PublishOutcome = { sent: [], duplicates: 0, failures: [], transportDown: false };
  for (const row of options.rows) {
    try {
      const headers = recordToHeaders(row.headers);
      const ack = await options.js.publish(namespaced(options.ns, row.subject), JSON.stringify(row.payload), {
        msgID: row.id,
        timeout: options.timeoutMs,
        ...(headers ? { headers } : {}),
      });
      outcome.sent.push(row.id);
      if (ack.duplicate) outcome.duplicates += 1;
      else if (row.createdAt) {
        const stream = row.subject.split(".")[0] ?? "unknown";
        recordMetric("outbox.lag", Math.max(0, Date.now() - row.createdAt.getTime()), { stream });
      }
    } catch (error) {
      outcome.failures.push({ id: row.id, error });
      if (isTransportFailure(error)) {
        outcome.transportDown = true;
        break;
      }
    }
  }
  return outcome;
}

function isTransportFailure(error: unknown): boolean {
  return (
    error instanceof TimeoutError ||
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError ||
    (error instanceof RequestError && !error.isNoResponders())
  );
}
