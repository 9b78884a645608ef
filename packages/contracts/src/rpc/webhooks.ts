import { z } from "zod";
import { defineRpc } from "../rpc";

/**
 * The events a tenant's webhook endpoint can subscribe to (api.md "Webhooks out to the tenant"): the bus subjects
 * webhook-service forwards. An endpoint with an empty `events` list receives all of them. `ping` (the test
 * delivery) is sent whatever the filter says and cannot be subscribed to.
 */
export const WebhookEventType = z.enum([
  "post.target_published.v1",
  "post.target_dead_lettered.v1",
  "post.target_unconfirmed.v1",
  "post.target_deleted.v1",
  "post.cancelled.v1",
  "connection.connected.v1",
  "connection.status_changed.v1",
  "connection.revoked.v1",
  "webhook.endpoint_disabled.v1",
]);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** The event name of the delivery `POST /api/webhook-endpoints/:id/test` sends. */
export const webhookPingEvent = "ping";

export const WebhookDeliveryStatus = z.enum(["pending", "delivered", "retrying", "dead"]);
export type WebhookDeliveryStatus = z.infer<typeof WebhookDeliveryStatus>;

/** An endpoint as the API shows it: never a secret. */
export const WebhookEndpointView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(WebhookEventType),
  description: z.string().nullable(),
  enabled: z.boolean(),
  /** why the endpoint was disabled (by the tenant, or after failing for days); null while enabled */
  disabledReason: z.string().nullable(),
  /** while a rotated-out secret still signs alongside the new one, until when */
  previousSecretExpiresAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type WebhookEndpointView = z.infer<typeof WebhookEndpointView>;

export const WebhookDeliveryView = z.object({
  id: z.string(),
  endpointId: z.string(),
  /** the event's subject, or `ping` */
  event: z.string(),
  status: WebhookDeliveryStatus,
  attempts: z.number().int().nonnegative(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  deliveredAt: z.iso.datetime().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof WebhookDeliveryView>;

const TenantScoped = { tenantId: z.string().min(1) };
const EndpointScoped = { ...TenantScoped, endpointId: z.string().min(1) };

const EndpointUrl = z.string().min(1).max(2_048);
const EventFilter = z.array(WebhookEventType).max(50);
const Description = z.string().max(500);

/** Registers an endpoint; the signing secret is in this answer and never again. */
export const CreateWebhookEndpoint = defineRpc({
  service: "webhook",
  verb: "create-endpoint",
  request: z.object({
    ...TenantScoped,
    url: EndpointUrl,
    events: EventFilter.default([]),
    description: Description.optional(),
  }),
  response: WebhookEndpointView.extend({ secret: z.string() }),
  defaultTimeoutMs: 15_000,
});

export const ListWebhookEndpoints = defineRpc({
  service: "webhook",
  verb: "list-endpoints",
  request: z.object({ ...TenantScoped }),
  response: z.object({ data: z.array(WebhookEndpointView) }),
});

export const GetWebhookEndpoint = defineRpc({
  service: "webhook",
  verb: "get-endpoint",
  request: z.object({ ...EndpointScoped }),
  response: WebhookEndpointView,
});

/** Changes what is given; `enabled: true` re-enables an endpoint disabled after failures (and resets them). */
export const UpdateWebhookEndpoint = defineRpc({
  service: "webhook",
  verb: "update-endpoint",
  request: z.object({
    ...EndpointScoped,
    url: EndpointUrl.optional(),
    events: EventFilter.optional(),
    description: Description.nullable().optional(),
    enabled: z.boolean().optional(),
  }),
  response: WebhookEndpointView,
  defaultTimeoutMs: 15_000,
});

export const DeleteWebhookEndpoint = defineRpc({
  service: "webhook",
  verb: "delete-endpoint",
  request: z.object({ ...EndpointScoped }),
  response: z.object({ endpointId: z.string() }),
});

/** A new secret, shown once; the old one keeps signing alongside it until `previousSecretExpiresAt`. */
export const RotateWebhookSecret = defineRpc({
  service: "webhook",
  verb: "rotate-secret",
  request: z.object({ ...EndpointScoped }),
  response: z.object({ secret: z.string(), previousSecretExpiresAt: z.iso.datetime() }),
});

/** Sends a `ping` delivery to the endpoint (signed and logged like any other). */
export const TestWebhookEndpoint = defineRpc({
  service: "webhook",
  verb: "test-endpoint",
  request: z.object({ ...EndpointScoped }),
  response: WebhookDeliveryView,
});

export const ListWebhookDeliveries = defineRpc({
  service: "webhook",
  verb: "list-deliveries",
  request: z.object({
    ...EndpointScoped,
    status: WebhookDeliveryStatus.optional(),
    cursor: z.string().max(128).optional(),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  response: z.object({ data: z.array(WebhookDeliveryView), nextCursor: z.string().nullable() }),
});

/** Sends a delivery again now, whatever its status, as a new series of attempts with the full retry schedule. */
export const ReplayWebhookDelivery = defineRpc({
  service: "webhook",
  verb: "replay-delivery",
  request: z.object({ ...TenantScoped, deliveryId: z.string().min(1) }),
  response: WebhookDeliveryView,
});
