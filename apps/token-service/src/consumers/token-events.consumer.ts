import type { NatsConnection } from "@nats-io/nats-core";
import { type NatsNamespace, WebhookReceived } from "@postd/contracts";
import { consumeEvents, type EventConsumer, telemetryPropagation } from "@postd/service-kit";
import { revokeRemovedAuthorization } from "../connections/revoke-removed-authorization";
import type { TokenContext } from "../context";

/** The durable consumer name of token-service: replicas share its events. */
export const consumerName = "token-service";

/**
 * token-service's event consumer: `webhook.received.v1` (authorization removed → revoke). The place for
 * `connection.health_checked.v1` (a later issue: record last_health_status/checked_at, and mark `needs_reauth` on
 * an auth failure) is beside it: add the event to `events` and a branch below.
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
    events: [WebhookReceived],
    handler: async (envelope, { logger }) => {
      await revokeRemovedAuthorization({ ...ctx, logger }, envelope);
    },
  });
}
