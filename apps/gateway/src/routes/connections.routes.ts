import {
  AccountOptionsView,
  CheckConnectionHealth,
  ConnectionView,
  GetAccountOptions,
  GetConnection,
  GetWebhookSecret,
  ListConnections,
  RefreshConnection,
  RevokeConnection,
} from "@postd/contracts";
import type { HttpServer } from "@postd/service-kit";
import { z } from "zod";
import { tenantOf } from "../http/install-authentication";
import { IdParams, idFrom } from "./path-params";
import type { RouteDeps } from "./route-deps";

const tags = ["connections"];

const HealthCheckResult = CheckConnectionHealth.response
  .pick({ status: true, latencyMs: true, detail: true })
  .extend({
    checkedAt: z.iso.datetime().optional(),
  });

const WebhookUrlView = z.object({
  connectionId: z.string(),
  platform: GetWebhookSecret.response.shape.platform,
  url: z.url().describe("register it as the audience's webhook URL; the secret in it is the only check"),
});

/** The tenant's connections: every answer comes from token-service (or health-service); the gateway keeps none. */
export function registerConnectionRoutes(app: HttpServer, deps: RouteDeps): void {
  const { call } = deps;

  app.get(
    "/api/connections",
    {
      schema: {
        tags,
        summary: "List the tenant's connections with their accounts",
        response: { 200: z.object({ data: z.array(ConnectionView) }) },
      },
    },
    async (request) =>
      call(ListConnections, { tenantId: tenantOf(request).tenantId }, { requestId: request.id }),
  );

  app.get(
    "/api/connections/:id",
    { schema: { tags, summary: "One connection", params: IdParams, response: { 200: ConnectionView } } },
    async (request) => {
      const connectionId = idFrom("connection", request.params.id);
      return call(
        GetConnection,
        { tenantId: tenantOf(request).tenantId, connectionId },
        { requestId: request.id },
      );
    },
  );

  app.post(
    "/api/connections/:id/refresh",
    {
      schema: {
        tags,
        summary: "Refresh the connection's token now",
        params: IdParams,
        response: { 200: ConnectionView },
      },
    },
    async (request) => {
      const connectionId = idFrom("connection", request.params.id);
      return call(
        RefreshConnection,
        { tenantId: tenantOf(request).tenantId, connectionId },
        { requestId: request.id },
      );
    },
  );

  app.delete(
    "/api/connections/:id",
    {
      schema: {
        tags,
        summary: "Disconnect: revoke at the platform where possible, delete the secrets, mark revoked",
        params: IdParams,
        response: { 204: z.null().describe("disconnected") },
      },
    },
    async (request, reply) => {
      const connectionId = idFrom("connection", request.params.id);
      await call(
        RevokeConnection,
        { tenantId: tenantOf(request).tenantId, connectionId },
        { requestId: request.id },
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/api/connections/:id/health-check",
    {
      schema: {
        tags,
        summary: "Check the connection now",
        params: IdParams,
        response: { 200: HealthCheckResult },
      },
    },
    async (request) => {
      const connectionId = idFrom("connection", request.params.id);
      return call(
        CheckConnectionHealth,
        { tenantId: tenantOf(request).tenantId, connectionId },
        { requestId: request.id },
      );
    },
  );

  app.get(
    "/api/connections/:id/webhook-url",
    {
      schema: {
        tags,
        summary:
          "Where the platform sends this connection's webhooks (Mailchimp: a URL with a secret of its own)",
        description:
          "Mailchimp's audience webhooks carry no signature, so each connection has a secret URL to register on " +
          "its audience. 404 for the other platforms (their webhooks are signed and go to /api/webhooks/:platform).",
        params: IdParams,
        response: { 200: WebhookUrlView },
      },
    },
    async (request, reply) => {
      const connectionId = idFrom("connection", request.params.id);
      const { platform, webhookSecret } = await call(
        GetWebhookSecret,
        { tenantId: tenantOf(request).tenantId, connectionId },
        { requestId: request.id },
      );
      reply.header("cache-control", "no-store");
      const base = deps.publicBaseUrl.replace(/\/+$/, "");
      return {
        connectionId,
        platform,
        url: `${base}/api/webhooks/${platform}/${encodeURIComponent(webhookSecret)}`,
      };
    },
  );

  app.get(
    "/api/accounts/:id/options",
    {
      schema: {
        tags,
        summary: "What the platform lets this account choose now (privacy levels, quotas, topic types)",
        params: IdParams,
        response: { 200: AccountOptionsView },
      },
    },
    async (request) => {
      const accountId = idFrom("account", request.params.id);
      return call(
        GetAccountOptions,
        { tenantId: tenantOf(request).tenantId, accountId },
        { requestId: request.id },
      );
    },
  );
}
