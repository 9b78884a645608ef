import type { Platform } from "@postd/contracts";
import type { OAuthAppConfig } from "../core/index";
import { defaultGbpScopes, type GbpConfig } from "../gbp/index";
import { defaultLinkedInScopes, type LinkedInConfig } from "../linkedin/index";
import { defaultMailchimpScopes, type MailchimpConfig } from "../mailchimp/index";
import { defaultMetaScopes, type MetaConfig } from "../meta/index";
import { defaultTikTokScopes, type TikTokConfig } from "../tiktok/index";
import type { ConnectorEnv } from "./connector-env";

/** Each platform's settings; a platform without credentials is absent (not configured). */
export interface ConnectorsConfig {
  simUrl: string | undefined;
  timeoutMs: number;
  meta?: MetaConfig;
  linkedin?: LinkedInConfig;
  tiktok?: TikTokConfig;
  gbp?: GbpConfig;
  mailchimp?: MailchimpConfig;
}

/** The parsed variables as an app holds them: possibly frozen, lists read-only. */
export type ConnectorEnvValues = {
  readonly [K in keyof ConnectorEnv]: ConnectorEnv[K] extends string[] | undefined
    ? readonly string[] | undefined
    : ConnectorEnv[K];
};

/** Builds every platform's config from the environment (see `connectorEnv` for what each variable means). */
export function connectorsConfigFromEnv(env: ConnectorEnvValues): ConnectorsConfig {
  const app = (
    platform: Platform,
    id: string | undefined,
    secret: string | undefined,
    scopes: readonly string[],
  ) => oauthApp(env, platform, { id, secret, scopes });
  const polling = { pollIntervalMs: env.CONNECTOR_POLL_INTERVAL_MS, maxPolls: env.CONNECTOR_MAX_POLLS };
  const meta = app("meta", env.META_CLIENT_ID, env.META_CLIENT_SECRET, env.META_SCOPES ?? defaultMetaScopes);
  const linkedin = app(
    "linkedin",
    env.LINKEDIN_CLIENT_ID,
    env.LINKEDIN_CLIENT_SECRET,
    env.LINKEDIN_SCOPES ?? defaultLinkedInScopes,
  );
  const tiktok = app(
    "tiktok",
    env.TIKTOK_CLIENT_KEY,
    env.TIKTOK_CLIENT_SECRET,
    env.TIKTOK_SCOPES ?? defaultTikTokScopes,
  );
  const gbp = app("gbp", env.GOOGLE_CLIENT_ID, env.GOOGLE_CLIENT_SECRET, env.GBP_SCOPES ?? defaultGbpScopes);
  const mailchimp = app(
    "mailchimp",
    env.MAILCHIMP_CLIENT_ID,
    env.MAILCHIMP_CLIENT_SECRET,
    defaultMailchimpScopes,
  );
  return {
    simUrl: env.PLATFORM_SIM_URL,
    timeoutMs: env.CONNECTOR_TIMEOUT_MS,
    ...(meta && {
      meta: {
        ...meta,
        ...polling,
        graphVersion: env.META_GRAPH_VERSION,
        webhookVerifyToken: env.META_WEBHOOK_VERIFY_TOKEN,
      },
    }),
    ...(linkedin && { linkedin: { ...linkedin, ...polling, apiVersion: env.LINKEDIN_API_VERSION } }),
    ...(tiktok && {
      tiktok: {
        ...tiktok,
        ...polling,
        chunkSizeBytes: env.TIKTOK_CHUNK_SIZE_BYTES,
        webhookToleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS,
      },
    }),
    ...(gbp && {
      gbp: {
        ...gbp,
        languageCode: env.GBP_LANGUAGE_CODE,
        pubsubAudience: env.GBP_PUBSUB_AUDIENCE ?? null,
        pubsubServiceAccountEmail: env.GBP_PUBSUB_SERVICE_ACCOUNT ?? null,
      },
    }),
    ...(mailchimp && { mailchimp: { ...mailchimp, webhookToleranceSeconds: env.WEBHOOK_TOLERANCE_SECONDS } }),
  };
}

function oauthApp(
  env: ConnectorEnvValues,
  platform: Platform,
  credentials: { id: string | undefined; secret: string | undefined; scopes: readonly string[] },
): OAuthAppConfig | undefined {
  const sim = env.PLATFORM_SIM_URL !== undefined;
  const clientId = credentials.id ?? (sim ? `postd-sim-${platform}` : undefined);
  const clientSecret = credentials.secret ?? (sim ? `postd-sim-${platform}-secret` : undefined);
  if (!clientId || !clientSecret) return undefined;
  return {
    clientId,
    clientSecret,
    redirectUri: `${env.PUBLIC_BASE_URL.replace(/\/+$/, "")}/api/oauth/${platform}/callback`,
    scopes: [...credentials.scopes],
  };
}
