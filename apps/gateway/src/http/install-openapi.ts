import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import type { HttpServer } from "@postd/service-kit";
import { jsonSchemaTransform } from "fastify-type-provider-zod";
import type { AuthMode } from "../auth/principal";

/** The security schemes of the OpenAPI document, one per kind of credential. */
export const securitySchemes = {
  apiKey: {
    type: "http",
    scheme: "bearer",
    description: "A tenant API key (`postd_live_…`), shown once when created by the admin API or the CLI.",
  },
  userJwt: {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      "A user session from the frontend's identity provider; the tenant is read from a configured claim.",
  },
  adminKey: {
    type: "http",
    scheme: "bearer",
    description: "The deployment's ADMIN_API_KEY (admin routes only).",
  },
} as const;

/** The `security` of an operation, from the route's auth mode (an empty list is "no credentials needed"). */
export function securityFor(auth: AuthMode): Array<Record<string, string[]>> {
  if (auth === "admin") return [{ adminKey: [] }];
  if (auth === "tenant") return [{ apiKey: [] }, { userJwt: [] }];
  if (auth === "operator") return [{ apiKey: [] }, { userJwt: [] }, { adminKey: [] }];
  if (auth === "optional-tenant") return [{}, { apiKey: [] }, { userJwt: [] }];
  return [];
}

/**
 * OpenAPI 3.1 generated from the zod route schemas (`/docs/json`), and Swagger UI at `/docs` with its own
 * content security policy (swagger-ui's static CSP replaces the API's `default-src 'none'` on its pages).
 */
export async function installOpenApi(app: HttpServer, options: { publicBaseUrl: string }): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: "3.1.0",
      info: {
        title: "POSTD API",
        version: "1.0.0",
        description:
          "Connect social accounts, publish posts and receive platform webhooks. Every error is " +
          "application/problem+json (RFC 9457) with `code` and `requestId`.",
      },
      servers: [{ url: options.publicBaseUrl }],
      components: { securitySchemes: { ...securitySchemes } },
      tags: [
        { name: "connections", description: "OAuth and connected accounts" },
        { name: "webhooks", description: "Platform webhooks in (called by the platforms)" },
        { name: "admin", description: "Tenants, API keys and feature flags (admin key)" },
        { name: "health", description: "Liveness" },
      ],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, {
    routePrefix: "/docs",
    staticCSP: true,
    // The static CSP asks browsers to upgrade to https, which breaks /docs on a plain-http development machine.
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ""),
  });
}
