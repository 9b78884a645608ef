import type { NatsConnection } from "@nats-io/nats-core";
import { ConnectionRevoked, type NatsNamespace, WebhookReceived } from "@postd/contracts";
import { consumeEvents, type EventConsumer, matchEvent, telemetryPropagation } from "@postd/service-kit";
import type { PublishContext } from "../context";
import { applyTikTokWebhook } from "./apply-tiktok-webhook";
import { cancelConnectionTargets } from "./cancel-connection-targets";

/** The durable consumer name of publish-service: replicas share its events. */
export const consumerName = "publish-service";

/**
 * publish-service's events in: `connection.revoked.v1` (cancel what has not started on that connection) and
 * `webhook.received.v1` (TikTok's publish complete / failed / public). Both handlers are idempotent by the state
 * they move (a redelivered envelope finds nothing left to do), which is the dedupe the relay's redelivery needs.
 */
export function consumePublishEvents(
  ctx: PublishContext,
  options: { nc: NatsConnection; ns: NatsNamespace },
): Promise<EventConsumer> {
  return consumeEvents({
    nc: options.nc,
    ns: options.ns,
    logger: ctx.logger,
    tracing: telemetryPropagation,
    durableName: consumerName,
    events: [ConnectionRevoked, WebhookReceived],
    handler: async (envelope, { logger }) => {
      const revoked = matchEvent(ConnectionRevoked, envelope);
      if (revoked) await cancelConnectionTargets({ ...ctx, logger }, revoked);
      const webhook = matchEvent(WebhookReceived, envelope);
      if (webhook) await applyTikTokWebhook({ ...ctx, logger }, webhook);
    },
  });
}
