import { z } from "zod";

const optionalText = z.string().trim().min(1).optional();
const list = z
  .string()
  .transform((value) => value.split(/[\s,]+/).filter(Boolean))
  .optional();
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/**
 * The environment variables of the five platforms, to spread into an app's config schema. Credentials left unset
 * make the platform "not configured" — unless `PLATFORM_SIM_URL` is set, in which case platform-sim's default
 * app credentials are used, so a fresh checkout works against the emulator with no setup.
 */
export const connectorEnv = {
  // Send every platform request to platform-sim instead (`https://HOST/PATH` → `${PLATFORM_SIM_URL}/HOST/PATH`).
  // Unset in production.
  PLATFORM_SIM_URL: z.url().optional(),
  // The gateway's public base URL; OAuth redirect URIs are `${PUBLIC_BASE_URL}/api/oauth/<platform>/callback` and
  // must be registered with each platform exactly so.
  PUBLIC_BASE_URL: z.url().default("http://127.0.0.1:3000"),
  // Upper bound of one platform HTTP call; a call that takes longer is a timeout (retried, or settled by findPost).
  CONNECTOR_TIMEOUT_MS: positiveInt(30_000),
  // How often and how many times asynchronous platform states are polled (IG containers, TikTok publishes,
  // LinkedIn videos) before a publish attempt gives up and retries later.
  CONNECTOR_POLL_INTERVAL_MS: positiveInt(5_000),
  CONNECTOR_MAX_POLLS: positiveInt(60),
  // Meta app (Facebook Login): id, secret, pinned Graph version, webhook verify token, optional scope override.
  META_CLIENT_ID: optionalText,
  META_CLIENT_SECRET: optionalText,
  META_GRAPH_VERSION: z
    .string()
    .regex(/^v\d+\.\d+$/)
    .default("v26.0"),
  META_WEBHOOK_VERIFY_TOKEN: z.string().min(1).default("postd-meta-verify"),
  META_SCOPES: list,
  // LinkedIn app: id, secret, the LinkedIn-Version header (YYYYMM; move it forward before LinkedIn retires it).
  LINKEDIN_CLIENT_ID: optionalText,
  LINKEDIN_CLIENT_SECRET: optionalText,
  LINKEDIN_API_VERSION: z
    .string()
    .regex(/^\d{6}$/)
    .default("202606"),
  LINKEDIN_SCOPES: list,
  // TikTok app (client key and secret) and the FILE_UPLOAD chunk size in bytes (5–64 MB).
  TIKTOK_CLIENT_KEY: optionalText,
  TIKTOK_CLIENT_SECRET: optionalText,
  TIKTOK_SCOPES: list,
  TIKTOK_CHUNK_SIZE_BYTES: positiveInt(10 * 1024 * 1024),
  // Google OAuth client for Business Profile, and the Pub/Sub push subscription's OIDC audience and account.
  GOOGLE_CLIENT_ID: optionalText,
  GOOGLE_CLIENT_SECRET: optionalText,
  GBP_SCOPES: list,
  GBP_LANGUAGE_CODE: z.string().min(2).default("en"),
  GBP_PUBSUB_AUDIENCE: optionalText,
  GBP_PUBSUB_SERVICE_ACCOUNT: optionalText,
  // Mailchimp app.
  MAILCHIMP_CLIENT_ID: optionalText,
  MAILCHIMP_CLIENT_SECRET: optionalText,
  // Tolerance of signed webhook timestamps (TikTok, Mailchimp's optional signing), in seconds.
  WEBHOOK_TOLERANCE_SECONDS: positiveInt(300),
};

export const ConnectorEnv = z.object(connectorEnv);
export type ConnectorEnv = z.infer<typeof ConnectorEnv>;
