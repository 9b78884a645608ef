import { type EventContract, type EventEnvelope, newId } from "@postd/contracts";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { deliveries, endpoints } from "../db/schema";

/**
 * Records one delivery of an event for each of its tenant's enabled endpoints that want it, in one statement, and
 * only then lets the consumer ack: a crash before the commit redelivers the event, one after it finds the rows
 * (unique on endpoint and event) and makes none twice. The first attempts are queued after the commit; they are
 * queued again for every delivery of the event still waiting on its first attempt, so a crash between the
 * commit and the queue loses nothing either (and the reconciler is the last net).
 */
export async function recordEventDeliveries(
  ctx: WebhookContext,
  envelope: EventEnvelope<EventContract>,
): Promise<{ created: number; queued: number }> {
  const { tenantId } = envelope;
  if (tenantId === null) return { created: 0, queued: 0 };
  const created = await ctx.db.transaction(async (tx) => {
    const matching = await tx
      .select({ id: endpoints.id })
      .from(endpoints)
      .where(
        and(
          eq(endpoints.tenantId, tenantId),
          eq(endpoints.enabled, true),
          isNull(endpoints.deletedAt),
          sql`(cardinality(${endpoints.events}) = 0 or ${envelope.subject} = any(${endpoints.events}))`,
        ),
      );
    if (matching.length === 0) return 0;
    const inserted = await tx
      .insert(deliveries)
      .values(
        matching.map((endpoint) => ({
          id: newId("webhookDelivery"),
          tenantId,
          endpointId: endpoint.id,
          eventId: envelope.id,
          eventSubject: envelope.subject,
          payload: envelope.data as Record<string, unknown>,
          occurredAt: new Date(envelope.occurredAt),
          nextAttemptAt: sql`now()`,
        })),
      )
      .onConflictDoNothing({ target: [deliveries.endpointId, deliveries.eventId] })
      .returning({ id: deliveries.id });
    return inserted.length;
  });
  const waiting = await ctx.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(
      and(
        eq(deliveries.tenantId, tenantId),
        eq(deliveries.eventId, envelope.id),
        eq(deliveries.status, "pending"),
        eq(deliveries.attempts, 0),
      ),
    );
  for (const delivery of waiting) {
    await ctx.scheduler.schedule({ tenantId, deliveryId: delivery.id, attempt: 1 }, { at: null });
  }
  return { created, queued: waiting.length };
}
