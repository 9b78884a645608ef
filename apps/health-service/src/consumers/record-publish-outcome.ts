import {
  type EventContract,
  type EventEnvelope,
  PostTargetDeadLettered,
  PostTargetPublished,
  PostTargetUnconfirmed,
} from "@postd/contracts";
import { matchEvent } from "@postd/service-kit";
import type { HealthContext } from "../context";
import { publishOutcomes } from "../db/schema";

type Envelope = EventEnvelope<EventContract>;

/** One finished target into `publish_outcomes` (the success-rate view); a redelivered event inserts nothing. */
export async function recordPublishOutcome(ctx: HealthContext, envelope: Envelope): Promise<void> {
  const published = matchEvent(PostTargetPublished, envelope);
  const deadLettered = matchEvent(PostTargetDeadLettered, envelope);
  const unconfirmed = matchEvent(PostTargetUnconfirmed, envelope);
  const data = published?.data ?? deadLettered?.data ?? unconfirmed?.data;
  if (!data || envelope.tenantId === null) return;
  const outcome = published ? "published" : deadLettered ? "dead_lettered" : "unconfirmed";
  await ctx.db
    .insert(publishOutcomes)
    .values({
      eventId: envelope.id,
      tenantId: envelope.tenantId,
      postId: data.postId,
      targetId: data.targetId,
      platform: data.platform,
      outcome,
      attempts: data.attempts,
      occurredAt: new Date(envelope.occurredAt),
    })
    .onConflictDoNothing({ target: publishOutcomes.eventId });
}
