import { type IdKind, newId } from "@postd/contracts";
import type { RouteEntry } from "../../../src/http/fastify-types";
import type { TenantObjects } from "./tenant-fixtures";

/** The kind of id each `:id` names, by the path in front of it (a new resource must be added here). */
const idKinds: Array<{ pattern: RegExp; kind: IdKind }> = [
  { pattern: /^\/api\/connections\/:id/, kind: "connection" },
  { pattern: /^\/api\/accounts\/:id/, kind: "account" },
  { pattern: /^\/api\/posts\/:id/, kind: "post" },
  { pattern: /^\/api\/dead-letters\/:id/, kind: "deadLetter" },
  { pattern: /^\/api\/webhook-endpoints\/:id/, kind: "webhookEndpoint" },
  { pattern: /^\/api\/webhook-deliveries\/:id/, kind: "webhookDelivery" },
  { pattern: /^\/api\/admin\/tenants\/:id/, kind: "tenant" },
];

export function idKindOf(route: RouteEntry): IdKind | null {
  if (!route.url.includes(":id")) return null;
  const found = idKinds.find(({ pattern }) => pattern.test(route.url));
  if (!found)
    throw new Error(`the sweep does not know what ${route.url}'s :id names; add it to route-urls.ts`);
  return found.kind;
}

/** The id of `kind` among a tenant's objects. */
export function ownedId(objects: TenantObjects, kind: IdKind): string {
  const byKind: Partial<Record<IdKind, string>> = {
    connection: objects.connectionId,
    account: objects.accountId,
    post: objects.postId,
    deadLetter: objects.deadLetterId,
    webhookEndpoint: objects.webhookEndpointId,
    webhookDelivery: objects.webhookDeliveryId,
    tenant: objects.tenant.tenantId,
    apiKey: objects.tenant.keyId,
  };
  const id = byKind[kind];
  if (!id) throw new Error(`no ${kind} among the fixtures`);
  return id;
}

export interface UrlValues {
  /** the `:id` value (and `:keyId` for API keys) */
  id?: string;
  keyId?: string;
  platform?: string;
  flagName?: string;
  mailchimpSecret?: string;
}

/** The route's URL with every parameter filled in (each value percent-encoded as a path segment). */
export function concreteUrl(route: RouteEntry, values: UrlValues = {}): string {
  const kind = idKindOf(route);
  const fill: Record<string, string> = {
    id: values.id ?? (kind ? newId(kind) : "x"),
    keyId: values.keyId ?? newId("apiKey"),
    platform: values.platform ?? "linkedin",
    name: values.flagName ?? "sweep_flag",
    secret: values.mailchimpSecret ?? "mcs_not_a_known_secret_0000",
  };
  return route.url.replace(/:([A-Za-z]+)/g, (_match, name: string) => {
    const value = fill[name];
    if (value === undefined) throw new Error(`the sweep cannot fill :${name} of ${route.url}`);
    return encodeURIComponent(value);
  });
}

/** Whether the route takes a request body (Fastify parses one only for these methods). */
export function takesBody(route: RouteEntry): boolean {
  return route.method === "POST" || route.method === "PUT" || route.method === "PATCH";
}

/** A body that passes the route's validation, so a request reaches the lookup of its id (404 vs 404). */
export function validBodyFor(route: RouteEntry): Record<string, unknown> | undefined {
  if (route.method === "PATCH" && route.url === "/api/posts/:id") return { text: "patched by the sweep" };
  if (route.method === "PATCH" && route.url === "/api/webhook-endpoints/:id") return { description: "sweep" };
  return undefined;
}

export function isWebhookIngress(route: RouteEntry): boolean {
  return route.url.startsWith("/api/webhooks/");
}
