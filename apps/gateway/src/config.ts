import { connectorEnv } from "@postd/connectors";
import {
  baseServiceConfig,
  envInteger,
  envList,
  envSecret,
  envString,
  envUrl,
  type Frozen,
} from "@postd/service-kit";
import { z } from "zod";

export const Config = z.object({
  ...baseServiceConfig,
  // The gateway's /healthz, /readyz and /metrics (infra/ports.md). 0 picks a free port (tests).
  INTERNAL_PORT: envInteger({ min: 0, max: 65535, default: 9100 }),
  // Platform credentials, PLATFORM_SIM_URL and PUBLIC_BASE_URL: the gateway builds connectors only to answer
  // webhook handshakes and verify webhook signatures (it never calls a platform API itself).
  ...connectorEnv,
  // The public HTTP port: the REST API, the OAuth callbacks, the platform webhooks and /docs. 0 picks a free port.
  GATEWAY_PORT: envInteger({ min: 0, max: 65535, default: 3000 }),
  // The address the public port binds to; 0.0.0.0 so a container's port mapping reaches it.
  GATEWAY_HOST: envString({ default: "0.0.0.0" }),
  // The key of /api/admin/* (tenants, API keys, flags) and of the CLI. Required: there is no safe default.
  ADMIN_API_KEY: envSecret({ minBytes: 24 }),
  // HS256 secret for user JWTs signed by the frontend's identity provider (Supabase's "JWT secret"). Optional:
  // without it and without JWT_JWKS_URL only API keys authenticate.
  JWT_SECRET: envSecret({ minBytes: 32 }).optional(),
  // JWKS endpoint for asymmetrically signed user JWTs (RS256/ES256/EdDSA), e.g. an Auth0 or Supabase JWKS URL.
  JWT_JWKS_URL: envUrl({ protocols: ["http", "https"] }).optional(),
  // When set, a JWT must carry exactly this `iss` / this `aud` (one of its audiences). Unset: not checked.
  JWT_ISSUER: envString().optional(),
  JWT_AUDIENCE: envString().optional(),
  // Where a JWT names its tenant: a claim name, or a dotted path into nested claims (Supabase puts custom
  // claims under `app_metadata`, so `app_metadata.tenant_id`). A claim whose own name contains dots wins.
  JWT_TENANT_CLAIM: envString({
    pattern: /^[A-Za-z0-9_:/.-]+$/,
    expected: "a claim name or a dotted path of claim names",
    default: "tenant_id",
  }),
  // Requests each tenant may make per minute (fixed one-minute windows in Redis); over it → 429 + Retry-After.
  RATE_LIMIT_PER_MINUTE: envInteger({ min: 1, max: 1_000_000, default: 600 }),
  // Publish requests one gateway process works on at once; one more is answered 503 + Retry-After at once
  // (load shedding: an overload is refused quickly instead of waiting in front of the accept path).
  PUBLISH_MAX_IN_FLIGHT: envInteger({ min: 1, max: 100_000, default: 128 }),
  // Webhook deliveries with a bad signature accepted per platform and client address per minute before that
  // address is answered 429 without verifying (a flood of forgeries must not cost a HMAC each).
  WEBHOOK_BAD_SIGNATURE_LIMIT_PER_MINUTE: envInteger({ min: 1, max: 100_000, default: 30 }),
  // Largest request body (JSON and webhook bodies alike); larger → 413. The default is 1 MiB.
  BODY_LIMIT_BYTES: envInteger({ min: 1024, max: 64 * 1024 * 1024, default: 1024 * 1024 }),
  // Origins of the frontends allowed to call the API from a browser (CORS), comma-separated, e.g.
  // `https://app.example.com`. Empty: no cross-origin browser access.
  CORS_ORIGINS: envList({ default: [] }),
  // Addresses or CIDR ranges of the reverse proxies whose X-Forwarded-For is believed (the client address feeds
  // the webhook flood limit and the logs). Empty: trust nobody, use the socket's address.
  TRUST_PROXY: envList({ default: [] }),
});
/** The parsed configuration as `loadConfig` returns it: deeply frozen. */
export type Config = Frozen<z.output<typeof Config>>;
