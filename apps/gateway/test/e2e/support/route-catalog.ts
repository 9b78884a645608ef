import type { AnyE2eSystem as E2eSystem } from "./e2e-system";
import { expectStatus } from "./http";

export interface CatalogRoute {
  method: string;
  /** the OpenAPI path, `{id}` style */
  path: string;
  /** no credentials needed: `security: []`, or the OAuth callback (the browser arrives from the platform) */
  isPublic: boolean;
  auth: "public" | "tenant" | "admin";
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { security?: Array<Record<string, string[]>> }>>;
}

/**
 * Every `/api/*` route the running gateway serves, read from its OpenAPI document (`/docs/json`), which the gateway
 * builds from the same `onRoute` catalog as `app.routeCatalog` (test/http.error checks they list the same routes).
 */
export async function routeCatalog(e2e: E2eSystem): Promise<CatalogRoute[]> {
  const document = await expectStatus(e2e.gateway<OpenApiDocument>("/docs/json"), 200);
  const routes: CatalogRoute[] = [];
  for (const [path, operations] of Object.entries(document.paths)) {
    if (!path.startsWith("/api/")) continue;
    for (const [method, operation] of Object.entries(operations)) {
      const security = operation.security ?? [];
      const isCallback = path === "/api/oauth/{platform}/callback";
      const admin = security.some((s) => "adminKey" in s);
      routes.push({
        method: method.toUpperCase(),
        path,
        isPublic: security.length === 0 || isCallback,
        auth: security.length === 0 || isCallback ? "public" : admin ? "admin" : "tenant",
      });
    }
  }
  return routes;
}

/** The route's path with its parameters filled in: `{platform}` from `platform`, any other from `ids`. */
export function fill(path: string, values: Record<string, string>): string {
  return path.replace(/\{(\w+)\}/g, (_match, name: string) => values[name] ?? `missing-${name}`);
}
