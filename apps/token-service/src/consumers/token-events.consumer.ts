import type { NatsConnection } from "@nats-io/nats-core";
import { ConnectionHealthChecked, type NatsNamespace, WebhookReceived } from "@postd/contracts";
import { consumeEvents, type EventConsumer, matchEvent, telemetryPropagation } from "@postd/service-kit";
import { recordHealthCheck } from "../connections/record-health-check";
import { revokeRemovedAuthorization } from "../connections/revoke-removed-authorization";
import type { TokenContext } from "../context";

/** The durable consumer name of token-service: replicas share its events. */
export const consumerName = "token-service";

/**
 * token-service's event consumer: `webhook.received.v1` (authorization removed → revoke) and
 * `connection.health_checked.v1` (keep the last check; a refused grant → `needs_reauth`).
 */
export function consumeTokenEvents(
  ctx: TokenContext,
  options: { nc: NatsConnection; ns: NatsNamespace },
): Promise<EventConsumer> {
  return consumeEvents({
    nc: options.nc,
    ns: options.ns,
    logger: ctx.logger,
    tracing: telemetryPropagation,
    durableName: consumerName,
    events: [WebhookReceived, ConnectionHealthChecked],
    handler: async (envelope, { logger }) => {
      const healthChecked = matchEvent(ConnectionHealthChecked, envelope);
      if (healthChecked) {
        await recordHealthCheck({ ...ctx, logger }, healthChecked);
        return;
      }
      const received = matchEvent(WebhookReceived, envelope);
      if (received) await revokeRemovedAuthorization({ ...ctx, logger }, received);
    },
  });
}
