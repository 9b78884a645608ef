import { AppError, type HttpServer } from "@postd/service-kit";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isAdminKey } from "../auth/admin-key";
import { authenticateTenant } from "../auth/authenticate-tenant";
import { readBearerToken } from "../auth/bearer-token";
import type { JwtVerifier } from "../auth/jwt-verifier";
import type { AuthMode, TenantPrincipal } from "../auth/principal";
import type { GatewayContext } from "../context";
import type { RateLimiter } from "./rate-limiter";

export interface AuthenticationOptions {
  ctx: GatewayContext;
  jwt: JwtVerifier | null;
  adminApiKey: string;
  rateLimiter: RateLimiter;
  rateLimitPerMinute: number;
}

/** The mode of the matched route; `/api/*` without one (including unknown paths) needs a tenant. */
export function authModeOf(request: FastifyRequest): AuthMode {
  return request.routeOptions.config.auth ?? (request.url.startsWith("/api/") ? "tenant" : "public");
}

/**
 * One `onRequest` hook, before any body is read: the route's credentials (401 problem without them, so no route
 * reveals more to an anonymous caller), then the tenant's rate limit (429 with Retry-After).
 */
export function installAuthentication(app: HttpServer, options: AuthenticationOptions): void {
  app.decorateRequest("principal", null);
  app.addHook("onRequest", async (request, reply) => {
    // CORS preflights carry no credentials by design; @fastify/cors answers them.
    if (request.method === "OPTIONS") return;
    const mode = authModeOf(request);
    if (mode === "public") return;
    const token = readBearerToken(request.headers.authorization);
    if (mode === "operator" && token && isAdminKey(token, options.adminApiKey)) {
      request.principal = { kind: "admin" };
      return;
    }
    if (mode === "admin") {
      if (!token || !isAdminKey(token, options.adminApiKey)) {
        throw unauthenticated(reply, token ? "the admin key is not valid" : "this route needs the admin key");
      }
      request.principal = { kind: "admin" };
      return;
    }
    const principal = token ? await authenticateTenant(options.ctx, options.jwt, token) : null;
    if (mode === "optional-tenant") {
      request.principal = principal;
      return;
    }
    if (!principal) {
      throw unauthenticated(
        reply,
        token
          ? "the API key or token is not valid, has expired or has been revoked"
          : `this route needs Authorization: Bearer <API key${mode === "operator" ? ", JWT or admin key" : " or JWT"}>`,
      );
    }
    request.principal = principal;
    if (mode === "operator") return; // health reads must answer even to a tenant at its rate limit
    await enforceRateLimit(options, principal, reply);
  });
}

async function enforceRateLimit(
  options: AuthenticationOptions,
  principal: TenantPrincipal,
  reply: FastifyReply,
): Promise<void> {
  const decision = await options.rateLimiter.hit(`tenant:${principal.tenantId}`, options.rateLimitPerMinute);
  reply.header("ratelimit-limit", String(decision.limit));
  reply.header("ratelimit-remaining", String(decision.remaining));
  reply.header("ratelimit-reset", String(decision.resetSeconds));
  if (!decision.allowed) {
    throw new AppError(
      "RATE_LIMITED",
      `this tenant made more than ${decision.limit} requests this minute; retry in ${decision.resetSeconds} s`,
      { retryAfterSeconds: decision.resetSeconds },
    );
  }
}

function unauthenticated(reply: FastifyReply, detail: string): AppError {
  reply.header("www-authenticate", 'Bearer realm="postd"');
  return new AppError("UNAUTHENTICATED", detail);
}

/** The tenant of an authenticated request; a route marked `tenant` always has one. */
export function tenantOf(request: FastifyRequest): TenantPrincipal {
  const principal = request.principal;
  if (!principal || principal.kind === "admin")
    throw new AppError("UNAUTHENTICATED", "no tenant credentials");
  return principal;
}
