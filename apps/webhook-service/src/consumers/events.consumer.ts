import type { NatsConnection } from "@nats-io/nats-core";
import {
  ConnectionConnected,
  ConnectionRevoked,
  ConnectionStatusChanged,
  type NatsNamespace,
  PostCancelled,
  PostTargetDeadLettered,
  PostTargetDeleted,
  PostTargetPublished,
  PostTargetUnconfirmed,
  WebhookEndpointDisabled,
} from "@postd/contracts";
import { consumeEvents, type EventConsumer, telemetryPropagation } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { recordEventDeliveries } from "../deliveries/record-event-deliveries";

/** The durable consumer name of webhook-service: replicas share its events. */
export const consumerName = "webhook-service";

/** Every event a tenant can subscribe to (`WebhookEventType` in contracts), as its contract. */
export const deliverableEvents = [
  PostTargetPublished,
  PostTargetDeadLettered,
  PostTargetUnconfirmed,
  PostTargetDeleted,
  PostCancelled,
  ConnectionConnected,
  ConnectionStatusChanged,
  ConnectionRevoked,
  WebhookEndpointDisabled,
] as const;

/**
 * Consumes the post, connection and webhook events tenants can subscribe to and records a delivery per matching
 * endpoint before the ack (`recordEventDeliveries`). A handler that fails (Postgres down) naks the event, which
 * JetStream redelivers with backoff.
 */
export function consumeDeliverableEvents(
  ctx: WebhookContext,
  options: { nc: NatsConnection; ns: NatsNamespace; concurrency: number },
): Promise<EventConsumer> {
  return consumeEvents({
    nc: options.nc,
    ns: options.ns,
    logger: ctx.logger,
    tracing: telemetryPropagation,
    durableName: consumerName,
    events: deliverableEvents,
    concurrency: options.concurrency,
    // a Postgres outage should not drop events: keep redelivering for about an hour and a half
    maxDeliver: 50,
    backoffMs: [1_000, 5_000, 30_000, 120_000],
    handler: async (envelope, { logger }) => {
      const result = await recordEventDeliveries({ ...ctx, logger }, envelope);
      if (result.created > 0) {
        logger.debug(
          { eventId: envelope.id, subject: envelope.subject, ...result },
          "webhook deliveries recorded",
        );
      }
    },
  });
}
