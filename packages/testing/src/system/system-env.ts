import { randomBytes } from "node:crypto";

/** The apps that make up POSTD, in the order they start (token-service first, the gateway last). */
export const systemServices = [
  "token-service",
  "oauth-service",
  "publish-service",
  "webhook-service",
  "health-service",
  "gateway",
] as const;
export type SystemService = (typeof systemServices)[number];

export interface SystemEnvInput {
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  natsUrl: string;
  natsPrefix: string;
  simUrl: string;
  gatewayPort: number;
  timeScale: number;
}

const secret = () => randomBytes(36).toString("base64url");

/**
 * The environment every app of one test system shares: one database (each service in its own schema), one
 * Redis prefix and NATS namespace of its own, platform-sim for the platforms, fresh secrets, and loopback
 * allowed for webhook receivers and OAuth return URLs.
 */
export function systemEnv(input: SystemEnvInput): Record<string, string> {
  const gatewayUrl = `http://127.0.0.1:${input.gatewayPort}`;
  return {
    NODE_ENV: "test",
    LOG_LEVEL: "info",
    DATABASE_URL: input.databaseUrl,
    // six services per system and several systems at once on one shared server (max_connections 100)
    DATABASE_POOL_MAX: "4",
    REDIS_URL: input.redisUrl,
    REDIS_PREFIX: input.redisPrefix,
    NATS_URL: input.natsUrl,
    NATS_PREFIX: input.natsPrefix,
    TIME_SCALE: String(input.timeScale),
    PLATFORM_SIM_URL: input.simUrl,
    PUBLIC_BASE_URL: gatewayUrl,
    GATEWAY_PORT: String(input.gatewayPort),
    GATEWAY_HOST: "127.0.0.1",
    ADMIN_API_KEY: secret(),
    TOKEN_VAULT_MASTER_SECRET: secret(),
    OAUTH_SESSION_SECRET: secret(),
    WEBHOOK_SIGNING_MASTER_SECRET: secret(),
    OAUTH_RETURN_TO_ALLOWLIST: "http://127.0.0.1:5173",
    WEBHOOK_ALLOWED_HOSTS: "127.0.0.1,localhost",
    GBP_PUBSUB_AUDIENCE: "https://app.postd.test/api/webhooks/gbp",
    RATE_LIMIT_PER_MINUTE: "100000",
    CONNECTOR_TIMEOUT_MS: "10000",
    CONNECTOR_POLL_INTERVAL_MS: "200",
  };
}
