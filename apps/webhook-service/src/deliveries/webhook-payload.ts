import type { DeliveryRow } from "../db/schema";

/**
 * The body of every attempt of a delivery, byte for byte the same each time (docs/webhooks.md "Payload"):
 * `{ "id": <delivery id>, "event": <subject>, "createdAt": <when the event happened>, "tenantId", "data" }`.
 */
export function webhookBody(delivery: DeliveryRow): string {
  return JSON.stringify({
    id: delivery.id,
    event: delivery.eventSubject,
    createdAt: delivery.occurredAt.toISOString(),
    tenantId: delivery.tenantId,
    data: delivery.payload,
  });
}
