import { z } from "zod";
import { Platform } from "../domain";
import { defineEvent } from "../event";

/** What a platform webhook meant, normalized across platforms. */
export const PlatformEventKind = z.enum([
  "publish_completed",
  "publish_failed",
  "post_publicly_available",
  "authorization_removed",
  "comment",
  "reaction",
  "mention",
  "review",
  "audience_change",
  "other",
]);
export type PlatformEventKind = z.infer<typeof PlatformEventKind>;

export const WebhookReceived = defineEvent(
  "webhook.received.v1",
  z.object({
    receiptId: z.string(),
    platform: Platform,
    kind: PlatformEventKind,
    /** the platform's id for the delivery or event, used to deduplicate */
    platformEventId: z.string(),
    /** the platform account the event names: Page id, open_id, organization URN, location, audience */
    externalAccountId: z.string().nullable(),
    /** our connection, when the gateway could match the account */
    connectionId: z.string().nullable(),
    occurredAt: z.iso.datetime(),
    /** normalized fields of the event (publish id, post id, reason…); never tokens */
    data: z.record(z.string(), z.unknown()),
  }),
);

/**
 * webhook-service disabled a tenant's webhook endpoint that had failed every delivery for
 * `WEBHOOK_DISABLE_AFTER_HOURS`. Delivered to the tenant's other endpoints; never the URL (it may hold a token).
 */
export const WebhookEndpointDisabled = defineEvent(
  "webhook.endpoint_disabled.v1",
  z.object({
    endpointId: z.string(),
    reason: z.string(),
    failingSince: z.iso.datetime(),
    consecutiveFailures: z.number().int().nonnegative(),
  }),
);
