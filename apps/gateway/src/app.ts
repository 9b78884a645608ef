import type { ConnectorRegistry } from "@postd/connectors";
import { createHttpServer, type DrizzleDatabase, type HttpServer, type RpcClient } from "@postd/service-kit";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import { createJwtVerifier } from "./auth/jwt-verifier";
import type { Config } from "./config";
import type { GatewayContext } from "./context";
import type { GatewayTables } from "./db/schema";
import type { GatewayFlags } from "./flags/gateway-flags";
import type { RouteEntry } from "./http/fastify-types";
import { installAuthentication } from "./http/install-authentication";
import { installOpenApi, securityFor } from "./http/install-openapi";
import { installPublishShedding } from "./http/install-publish-shedding";
import { installRequestMetrics } from "./http/install-request-metrics";
import { installSecurity } from "./http/install-security";
import { installTextGuard } from "./http/install-text-guard";
import { createRateLimiter } from "./http/rate-limiter";
import { registerAdminFlagRoutes } from "./routes/admin-flags.routes";
import { registerAdminTenantRoutes } from "./routes/admin-tenants.routes";
import { registerBullBoardRoutes } from "./routes/bull-board.routes";
import { registerConnectionRoutes } from "./routes/connections.routes";
import { registerDeadLetterRoutes } from "./routes/dead-letters.routes";
import { registerHealthRoutes } from "./routes/health.routes";
import { registerOAuthRoutes } from "./routes/oauth.routes";
import { registerPostRoutes } from "./routes/posts.routes";
import { registerPublishRoutes } from "./routes/publish.routes";
import type { RouteDeps } from "./routes/route-deps";
import { registerWebhookEndpointRoutes } from "./routes/webhook-endpoints.routes";
import { registerWebhookRoutes } from "./routes/webhooks.routes";
import { createServiceCaller } from "./rpc/service-caller";

export type GatewayAppConfig = Pick<
  Config,
  | "ADMIN_API_KEY"
  | "JWT_SECRET"
  | "JWT_JWKS_URL"
  | "JWT_ISSUER"
  | "JWT_AUDIENCE"
  | "JWT_TENANT_CLAIM"
  | "RATE_LIMIT_PER_MINUTE"
  | "PUBLISH_MAX_IN_FLIGHT"
  | "WEBHOOK_BAD_SIGNATURE_LIMIT_PER_MINUTE"
  | "BODY_LIMIT_BYTES"
  | "CORS_ORIGINS"
  | "TRUST_PROXY"
  | "REDIS_PREFIX"
  | "PUBLIC_BASE_URL"
>;

export interface GatewayAppDeps {
  config: GatewayAppConfig;
  logger: Logger;
  db: DrizzleDatabase<GatewayTables>;
  redis: Redis;
  rpc: RpcClient;
  /** for webhook handshakes and signatures only */
  connectors: ConnectorRegistry;
  /** `@postd/flags`; without it the flag routes answer 503 and OAuth start checks no flag */
  flags?: GatewayFlags | null;
  now?: () => Date;
}

/**
 * The public HTTP edge, built but not listening (tests `inject`, service.ts listens). Routes stay thin: parse
 * (zod), authenticate (one onRequest hook), call a service over NATS RPC, map. The gateway owns tenants, API
 * keys, webhook receipts and the audit log, and no connection data.
 */
export async function buildGatewayApp(deps: GatewayAppDeps): Promise<HttpServer> {
  const { config, logger } = deps;
  const app = createHttpServer({
    logger,
    bodyLimitBytes: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY.length > 0 ? [...config.TRUST_PROXY] : false,
  });
  const ctx: GatewayContext = { db: deps.db, logger, now: deps.now ?? (() => new Date()) };
  const rateLimiter = createRateLimiter({
    redis: deps.redis,
    prefix: config.REDIS_PREFIX,
    logger,
    now: () => ctx.now().getTime(),
  });
  const routeDeps: RouteDeps = {
    ctx,
    call: createServiceCaller(deps.rpc),
    connectors: deps.connectors,
    flags: deps.flags ?? null,
    rateLimiter,
    webhookBadSignatureLimitPerMinute: config.WEBHOOK_BAD_SIGNATURE_LIMIT_PER_MINUTE,
    publicBaseUrl: config.PUBLIC_BASE_URL,
  };

  catalogRoutes(app);
  installRequestMetrics(app);
  await installSecurity(app, { corsOrigins: config.CORS_ORIGINS });
  // before authentication: an overload is refused without costing a key lookup
  installPublishShedding(app, { maxInFlight: config.PUBLISH_MAX_IN_FLIGHT });
  installAuthentication(app, {
    ctx,
    jwt: createJwtVerifier({
      secret: config.JWT_SECRET,
      jwksUrl: config.JWT_JWKS_URL,
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      tenantClaim: config.JWT_TENANT_CLAIM,
    }),
    adminApiKey: config.ADMIN_API_KEY,
    rateLimiter,
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  });
  installTextGuard(app);
  await installOpenApi(app, { publicBaseUrl: config.PUBLIC_BASE_URL });

  registerHealthRoutes(app, {
    call: routeDeps.call,
    db: deps.db,
    redis: deps.redis,
  });
  await registerBullBoardRoutes(app, {
    redis: deps.redis,
    prefix: config.REDIS_PREFIX,
    adminApiKey: config.ADMIN_API_KEY,
  });
  registerOAuthRoutes(app, routeDeps);
  registerConnectionRoutes(app, routeDeps);
  registerPublishRoutes(app, routeDeps);
  registerPostRoutes(app, routeDeps);
  registerDeadLetterRoutes(app, routeDeps);
  registerWebhookEndpointRoutes(app, routeDeps);
  registerAdminTenantRoutes(app, routeDeps);
  registerAdminFlagRoutes(app, routeDeps);
  await registerWebhookRoutes(app, {
    ctx,
    call: routeDeps.call,
    connectors: deps.connectors,
    rateLimiter,
    badSignatureLimitPerMinute: config.WEBHOOK_BAD_SIGNATURE_LIMIT_PER_MINUTE,
  });
  return app;
}

/**
 * Before any route: every `/api/*` route gets its auth mode (default `tenant`) and the matching OpenAPI
 * `security`, and is listed in `app.routeCatalog` (tests check every protected route answers 401).
 */
function catalogRoutes(app: HttpServer): void {
  const routes: RouteEntry[] = [];
  app.decorate("routeCatalog", routes);
  app.addHook("onRoute", (route) => {
    if (!route.url.startsWith("/api/")) return;
    const auth = route.config?.auth ?? "tenant";
    route.config = { ...route.config, auth };
    route.schema = { ...route.schema, security: securityFor(auth) };
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) routes.push({ method, url: route.url, auth });
  });
}
