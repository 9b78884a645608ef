import type { NatsConnection } from "@nats-io/nats-core";
import {
  ConnectionConnected,
  ConnectionRevoked,
  ConnectionStatusChanged,
  ConnectionTokenRefreshed,
  type EventContract,
  type EventEnvelope,
  type NatsNamespace,
  PostTargetDeadLettered,
  PostTargetPublished,
  PostTargetUnconfirmed,
} from "@postd/contracts";
import { consumeEvents, type EventConsumer, matchEvent, telemetryPropagation } from "@postd/service-kit";
import { applyConnectionFacts } from "../connections/apply-connection-event";
import type { HealthContext } from "../context";
import { recordPublishOutcome } from "./record-publish-outcome";

/** The durable consumer name of health-service: replicas share its events. */
export const consumerName = "health-service";

const events = [
  ConnectionConnected,
  ConnectionStatusChanged,
  ConnectionTokenRefreshed,
  ConnectionRevoked,
  PostTargetPublished,
  PostTargetDeadLettered,
  PostTargetUnconfirmed,
];

/**
 * Which connections exist (connected / status changed / token refreshed / revoked → `monitored_connections` and
 * their check schedules) and how publishing goes (`post.target_*` → `publish_outcomes`). Every handler is
 * idempotent: connection facts apply only when newer, outcomes are keyed by event id.
 */
export function consumeHealthEvents(
  ctx: HealthContext,
  options: { nc: NatsConnection; ns: NatsNamespace },
): Promise<EventConsumer> {
  return consumeEvents({
    nc: options.nc,
    ns: options.ns,
    logger: ctx.logger,
    tracing: telemetryPropagation,
    durableName: consumerName,
    events,
    handler: async (envelope, { logger }) => {
      const eventCtx = { ...ctx, logger };
      if (await handleConnectionEvent(eventCtx, envelope)) return;
      await recordPublishOutcome(eventCtx, envelope);
    },
  });
}

type Envelope = EventEnvelope<EventContract>;

async function handleConnectionEvent(ctx: HealthContext, envelope: Envelope): Promise<boolean> {
  const tenantId = envelope.tenantId;
  if (tenantId === null) return false;
  const observedAt = new Date(envelope.occurredAt);
  const connected = matchEvent(ConnectionConnected, envelope);
  const changed = matchEvent(ConnectionStatusChanged, envelope);
  const refreshed = matchEvent(ConnectionTokenRefreshed, envelope);
  const revoked = matchEvent(ConnectionRevoked, envelope);
  const data = connected?.data ?? changed?.data ?? refreshed?.data ?? revoked?.data;
  if (!data) return false;
  const status = connected ? "active" : revoked ? "revoked" : (changed?.data.to ?? null);
  const applied = await applyConnectionFacts(ctx, {
    tenantId,
    connectionId: data.connectionId,
    platform: data.platform,
    status,
    ...(refreshed
      ? { accessExpiresAt: refreshed.data.expiresAt ? new Date(refreshed.data.expiresAt) : null }
      : {}),
    observedAt,
  });
  if (applied === "revoked") await ctx.scheduler.unschedule(data.connectionId);
  else if (applied !== null) await ctx.scheduler.schedule({ tenantId, connectionId: data.connectionId });
  ctx.logger.debug({ connectionId: data.connectionId, status: applied }, "connection event applied");
  return true;
}
