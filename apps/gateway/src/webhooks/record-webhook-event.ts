import type { PlatformWebhookEvent } from "@postd/connectors";
import { newId, type Platform, WebhookReceived } from "@postd/contracts";
import { enqueueEvent, withTransaction } from "@postd/service-kit";
import type { GatewayContext } from "../context";
import { outbox, webhookReceipts } from "../db/schema";
import type { EventOwner } from "./find-event-owners";

/**
 * Takes one platform event in, once: the receipt row's unique (platform, platform_event_id) makes a redelivery a
 * no-op, and `webhook.received.v1` (one per owning tenant; one with no tenant when nobody matched) is written to
 * the outbox in the same transaction. Resolves to false for a duplicate.
 */
export async function recordWebhookEvent(
  ctx: GatewayContext,
  input: { platform: Platform; event: PlatformWebhookEvent; owners: readonly EventOwner[] },
): Promise<boolean> {
  const { platform, event, owners } = input;
  const receiptId = newId("webhookReceipt", ctx.now().getTime());
  const only = owners.length === 1 ? owners[0] : undefined;
  return withTransaction(ctx.db, async (tx) => {
    const inserted = await tx
      .insert(webhookReceipts)
      .values({
        id: receiptId,
        platform,
        platformEventId: event.platformEventId,
        receivedAt: ctx.now(),
        tenantId: only?.tenantId ?? null,
        connectionId: only?.connectionId ?? null,
      })
      .onConflictDoNothing({ target: [webhookReceipts.platform, webhookReceipts.platformEventId] })
      .returning({ id: webhookReceipts.id });
    if (inserted.length === 0) return false;
    for (const owner of owners.length > 0 ? owners : [null]) {
      await enqueueEvent(tx, outbox, {
        event: WebhookReceived,
        tenantId: owner?.tenantId ?? null,
        data: {
          receiptId,
          platform,
          kind: event.kind,
          platformEventId: event.platformEventId,
          externalAccountId: event.externalAccountId,
          connectionId: owner?.connectionId ?? null,
          occurredAt: validDate(event.occurredAt, ctx.now()).toISOString(),
          data: event.data,
        },
      });
    }
    return true;
  });
}

function validDate(date: Date, fallback: Date): Date {
  return Number.isNaN(date.getTime()) ? fallback : date;
}
