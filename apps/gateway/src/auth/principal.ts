/** Who a request comes from, once authenticated. */
export type Principal =
  | { kind: "api_key"; tenantId: string; keyId: string }
  | { kind: "jwt"; tenantId: string; subject: string | null }
  | { kind: "admin" };

export type TenantPrincipal = Extract<Principal, { tenantId: string }>;

/**
 * What a route requires:
 * - `tenant`: an API key or a user JWT naming a known tenant (the default for `/api/*`);
 * - `admin`: the admin key (`/api/admin/*`);
 * - `operator`: a tenant's credentials or the admin key, without the tenant rate limit (the health reads);
 * - `optional-tenant`: public, but tenant credentials are read when present (the OAuth callback);
 * - `public`: nothing (webhooks, liveness, docs).
 */
export type AuthMode = "tenant" | "admin" | "operator" | "optional-tenant" | "public";

/** The actor recorded in the audit log for a principal. */
export function actorOf(principal: Principal): string {
  if (principal.kind === "admin") return "admin";
  if (principal.kind === "api_key") return `key:${principal.keyId}`;
  return `jwt:${principal.subject ?? "unknown"}`;
}
