import type { JsMsg } from "@nats-io/jetstream";
import { type EventContract, type EventEnvelope, type NatsNamespace, namespaced } from "@postd/contracts";
import type { Logger } from "pino";
import { zodProblems } from "../errors/index";
import {
  headersToRecord,
  inTraceSpan,
  type TracePropagation,
  withExtractedContext,
} from "../rpc/trace-propagation";

export interface EventHandlerContext {
  /** child of the consumer's logger with the event id, subject and delivery count */
  logger: Logger;
  /** the event's contract subject (`post.accepted.v1`, never namespaced) */
  subject: string;
  /** 1 on the first delivery; above 1 when an earlier attempt failed or timed out */
  deliveryCount: number;
}

/** Must be idempotent: the same envelope (same `id`) can arrive more than once. */
export type EventHandler<E extends EventContract> = (
  envelope: EventEnvelope<E>,
  context: EventHandlerContext,
) => Promise<void>;

export interface MessagePolicy<E extends EventContract> {
  ns: NatsNamespace;
  /** wanted events by namespaced subject */
  events: ReadonlyMap<string, E>;
  handler: EventHandler<E>;
  logger: Logger;
  tracing: TracePropagation | undefined;
  maxDeliver: number;
  backoffMs: readonly number[];
  ackWaitMs: number;
}

/**
 * Settles one message: an unwanted subject is acked and skipped; a malformed one is terminated (it would fail
 * the same way forever); a failed handler is nak'ed with the backoff delay, or terminated on its last delivery.
 */
export async function handleEventMessage<E extends EventContract>(
  msg: JsMsg,
  policy: MessagePolicy<E>,
): Promise<void> {
  const event = policy.events.get(msg.subject);
  if (!event) {
    msg.ack();
    return;
  }
  const deliveryCount = msg.info.deliveryCount;
  const envelope = parseEnvelope(msg, event, policy);
  if (!envelope.ok) {
    policy.logger.error(
      { subject: msg.subject, streamSequence: msg.seq, problems: envelope.problems },
      "invalid event terminated",
    );
    // No reason text: servers before 2.10.4 ignore a `+TERM <reason>` ack, and the message would come back.
    msg.term();
    return;
  }
  const logger = policy.logger.child({ eventId: envelope.value.id, subject: event.subject, deliveryCount });
  const keepAlive = setInterval(() => msg.working(), policy.ackWaitMs / 2);
  try {
    const attributes = { eventId: envelope.value.id, tenantId: envelope.value.tenantId ?? "" };
    await withExtractedContext(policy.tracing, headersToRecord(msg.headers), () =>
      inTraceSpan(policy.tracing, event.subject, { kind: "consumer", attributes }, () =>
        policy.handler(envelope.value, { logger, subject: event.subject, deliveryCount }),
      ),
    );
    await msg.ackAck().catch((error: unknown) => logger.warn({ err: error }, "event ack not confirmed"));
  } catch (error) {
    settleFailure(msg, { error, logger, deliveryCount, policy });
  } finally {
    clearInterval(keepAlive);
  }
}

function settleFailure<E extends EventContract>(
  msg: JsMsg,
  failure: { error: unknown; logger: Logger; deliveryCount: number; policy: MessagePolicy<E> },
): void {
  const { error, logger, deliveryCount, policy } = failure;
  if (deliveryCount >= policy.maxDeliver) {
    logger.error(
      { err: error, maxDeliver: policy.maxDeliver },
      "event handler failed on its last delivery; dropped",
    );
    msg.term();
    return;
  }
  const delayMs = policy.backoffMs[Math.min(deliveryCount, policy.backoffMs.length) - 1] ?? 0;
  logger.warn({ err: error, retryInMs: delayMs }, "event handler failed; will retry");
  msg.nak(delayMs);
}

type ParsedEnvelope<E extends EventContract> =
  | { ok: true; value: EventEnvelope<E> }
  | { ok: false; problems: { path: string; message: string }[] };

function parseEnvelope<E extends EventContract>(
  msg: JsMsg,
  event: E,
  policy: MessagePolicy<E>,
): ParsedEnvelope<E> {
  let body: unknown;
  try {
    body = msg.json();
  } catch {
    return { ok: false, problems: [{ path: "", message: "not JSON" }] };
  }
  const parsed = event.envelope.safeParse(body);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  if (namespaced(policy.ns, parsed.data.subject) !== msg.subject) {
    return { ok: false, problems: [{ path: "subject", message: `does not match ${msg.subject}` }] };
  }
  // `E["envelope"]` is only known as a zod type here; the parse above is what makes this cast true.
  return { ok: true, value: parsed.data as EventEnvelope<E> };
}
