import type { HttpServer } from "@postd/service-kit";
import { z } from "zod";
import { actorOf } from "../auth/principal";
import { createApiKey } from "../tenants/create-api-key";
import { createTenant } from "../tenants/create-tenant";
import { revokeApiKey } from "../tenants/revoke-api-key";
import { idFrom } from "./path-params";
import type { RouteDeps } from "./route-deps";

const tags = ["admin"];
const admin = { auth: "admin" as const };

const CreateTenantBody = z.object({ name: z.string().trim().min(1).max(200) });
const TenantParams = z.object({ id: z.string().max(128) });
const KeyParams = TenantParams.extend({ keyId: z.string().max(128) });
const NewKey = z.object({
  keyId: z.string(),
  apiKey: z.string().describe("shown once: only its hash is stored"),
});

/** Tenants and their API keys. A tenant may hold several live keys, so it can rotate without downtime. */
export function registerAdminTenantRoutes(app: HttpServer, deps: RouteDeps): void {
  const { ctx } = deps;
  const actor = (principal: Parameters<typeof actorOf>[0] | null) =>
    principal ? actorOf(principal) : "admin";

  app.post(
    "/api/admin/tenants",
    {
      config: admin,
      schema: {
        tags,
        summary: "Create a tenant and its first API key",
        body: CreateTenantBody,
        response: { 201: NewKey.extend({ tenantId: z.string() }) },
      },
    },
    async (request, reply) => {
      const created = await createTenant(ctx, { name: request.body.name, actor: actor(request.principal) });
      request.log.info({ tenantId: created.tenantId, keyId: created.keyId }, "tenant created");
      return reply.code(201).send(created);
    },
  );

  app.post(
    "/api/admin/tenants/:id/api-keys",
    {
      config: admin,
      schema: {
        tags,
        summary: "Create another API key for a tenant",
        params: TenantParams,
        response: { 201: NewKey },
      },
    },
    async (request, reply) => {
      const tenantId = idFrom("tenant", request.params.id);
      const created = await createApiKey(ctx, { tenantId, actor: actor(request.principal) });
      request.log.info({ tenantId, keyId: created.keyId }, "api key created");
      return reply.code(201).send(created);
    },
  );

  app.delete(
    "/api/admin/tenants/:id/api-keys/:keyId",
    {
      config: admin,
      schema: {
        tags,
        summary: "Revoke an API key: refused from the next request on",
        params: KeyParams,
        response: { 204: z.null().describe("revoked") },
      },
    },
    async (request, reply) => {
      const tenantId = idFrom("tenant", request.params.id);
      const keyId = idFrom("apiKey", request.params.keyId);
      await revokeApiKey(ctx, { tenantId, keyId, actor: actor(request.principal) });
      request.log.info({ tenantId, keyId }, "api key revoked");
      return reply.code(204).send(null);
    },
  );
}
