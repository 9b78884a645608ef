import {
  CreateWebhookEndpoint,
  DeleteWebhookEndpoint,
  GetWebhookEndpoint,
  ListWebhookDeliveries,
  ListWebhookEndpoints,
  ReplayWebhookDelivery,
  RotateWebhookSecret,
  TestWebhookEndpoint,
  UpdateWebhookEndpoint,
  WebhookDeliveryStatus,
  WebhookDeliveryView,
  WebhookEndpointView,
  WebhookEventType,
} from "@postd/contracts";
import type { HttpServer } from "@postd/service-kit";
import { z } from "zod";
import { tenantOf } from "../http/install-authentication";
import { IdParams, idFrom } from "./path-params";
import type { RouteDeps } from "./route-deps";

const tags = ["webhooks out"];

const EndpointUrl = z.string().min(1).max(2_048).describe("https URL that receives the deliveries");
const Events = z
  .array(WebhookEventType)
  .max(50)
  .describe("the event subjects to receive; empty or absent: all of them");

const EndpointBody = z.object({
  url: EndpointUrl,
  events: Events.optional(),
  description: z.string().max(500).optional(),
});

const EndpointPatch = z
  .object({
    url: EndpointUrl,
    events: Events,
    description: z.string().max(500).nullable(),
    enabled: z.boolean().describe("true re-enables an endpoint disabled after failing"),
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: "change at least one field" });

const DeliveriesQuery = z.object({
  status: WebhookDeliveryStatus.optional(),
  cursor: z.string().max(128).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

/** The tenant's own webhook endpoints and their delivery log, all answered by webhook-service. */
export function registerWebhookEndpointRoutes(app: HttpServer, deps: RouteDeps): void {
  const { call } = deps;

  app.post(
    "/api/webhook-endpoints",
    {
      schema: {
        tags,
        summary: "Register an endpoint; its signing secret is in this answer only",
        body: EndpointBody,
        response: { 201: CreateWebhookEndpoint.response },
      },
    },
    async (request, reply) => {
      const created = await call(
        CreateWebhookEndpoint,
        { tenantId: tenantOf(request).tenantId, ...request.body },
        { requestId: request.id, fieldsIn: "body" },
      );
      return reply.code(201).send(created);
    },
  );

  app.get(
    "/api/webhook-endpoints",
    {
      schema: {
        tags,
        summary: "List the endpoints (no secrets)",
        response: { 200: ListWebhookEndpoints.response },
      },
    },
    async (request) =>
      call(ListWebhookEndpoints, { tenantId: tenantOf(request).tenantId }, { requestId: request.id }),
  );

  app.get(
    "/api/webhook-endpoints/:id",
    {
      schema: {
        tags,
        summary: "One endpoint (no secret)",
        params: IdParams,
        response: { 200: WebhookEndpointView },
      },
    },
    async (request) =>
      call(
        GetWebhookEndpoint,
        { tenantId: tenantOf(request).tenantId, endpointId: idFrom("webhookEndpoint", request.params.id) },
        { requestId: request.id },
      ),
  );

  app.patch(
    "/api/webhook-endpoints/:id",
    {
      schema: {
        tags,
        summary: "Change the URL, events, description, or enable/disable the endpoint",
        params: IdParams,
        body: EndpointPatch,
        response: { 200: WebhookEndpointView },
      },
    },
    async (request) =>
      call(
        UpdateWebhookEndpoint,
        {
          tenantId: tenantOf(request).tenantId,
          endpointId: idFrom("webhookEndpoint", request.params.id),
          ...request.body,
        },
        { requestId: request.id, fieldsIn: "body" },
      ),
  );

  app.delete(
    "/api/webhook-endpoints/:id",
    {
      schema: {
        tags,
        summary: "Delete the endpoint: nothing more is sent to it",
        params: IdParams,
        response: { 204: z.null().describe("deleted") },
      },
    },
    async (request, reply) => {
      await call(
        DeleteWebhookEndpoint,
        { tenantId: tenantOf(request).tenantId, endpointId: idFrom("webhookEndpoint", request.params.id) },
        { requestId: request.id },
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/webhook-endpoints/:id/rotate-secret",
    {
      schema: {
        tags,
        summary: "A new signing secret (shown once); the old one keeps signing alongside for 24 hours",
        params: IdParams,
        response: { 200: RotateWebhookSecret.response },
      },
    },
    async (request) =>
      call(
        RotateWebhookSecret,
        { tenantId: tenantOf(request).tenantId, endpointId: idFrom("webhookEndpoint", request.params.id) },
        { requestId: request.id },
      ),
  );

  app.post(
    "/api/webhook-endpoints/:id/test",
    {
      schema: {
        tags,
        summary: "Send a ping delivery to the endpoint",
        params: IdParams,
        response: { 202: WebhookDeliveryView },
      },
    },
    async (request, reply) => {
      const delivery = await call(
        TestWebhookEndpoint,
        { tenantId: tenantOf(request).tenantId, endpointId: idFrom("webhookEndpoint", request.params.id) },
        { requestId: request.id },
      );
      return reply.code(202).send(delivery);
    },
  );

  app.get(
    "/api/webhook-endpoints/:id/deliveries",
    {
      schema: {
        tags,
        summary: "The endpoint's deliveries, newest first",
        params: IdParams,
        querystring: DeliveriesQuery,
        response: { 200: ListWebhookDeliveries.response },
      },
    },
    async (request) =>
      call(
        ListWebhookDeliveries,
        {
          tenantId: tenantOf(request).tenantId,
          endpointId: idFrom("webhookEndpoint", request.params.id),
          ...request.query,
        },
        { requestId: request.id },
      ),
  );

  app.post(
    "/api/webhook-deliveries/:id/replay",
    {
      schema: {
        tags,
        summary: "Send the delivery again now, with a fresh retry schedule",
        params: IdParams,
        response: { 202: WebhookDeliveryView },
      },
    },
    async (request, reply) => {
      const delivery = await call(
        ReplayWebhookDelivery,
        { tenantId: tenantOf(request).tenantId, deliveryId: idFrom("webhookDelivery", request.params.id) },
        { requestId: request.id },
      );
      return reply.code(202).send(delivery);
    },
  );
}
