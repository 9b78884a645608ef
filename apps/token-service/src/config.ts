import { connectorEnv } from "@postd/connectors";
import { baseServiceConfig, envEnum, envInteger, envSecret, type Frozen } from "@postd/service-kit";
import { z } from "zod";
import { envMasterSecrets } from "./vault/master-secrets";

const day = 86_400;

export const crashPoints = ["none", "after-revoke-commit"] as const;

export const Config = z
  .object({
    ...baseServiceConfig,
    // The platforms' app credentials, PUBLIC_BASE_URL, PLATFORM_SIM_URL and CONNECTOR_TIMEOUT_MS (the bound of one
    // refresh call, which REFRESH_CLAIM_STALE_MS must exceed); see packages/connectors.
    ...connectorEnv,
    // /healthz, /readyz and /metrics (infra/ports.md: token-service is 9102); 0 takes any free port (tests).
    INTERNAL_PORT: envInteger({ min: 0, max: 65535, default: 9102 }),
    // The vault's master secret (it wraps every tenant's data keys), for master-key version
    // TOKEN_VAULT_CURRENT_VERSION. Required, at least 32 bytes (openssl rand -base64 48). A wrong one stops the
    // start-up while encrypted rows exist; losing it loses every stored token. Rotation: README "Vault runbook".
    TOKEN_VAULT_MASTER_SECRET: envSecret({ minBytes: 32 }),
    // The master-key version TOKEN_VAULT_MASTER_SECRET belongs to; new data keys are wrapped under it. 1 until the
    // first rotation.
    TOKEN_VAULT_CURRENT_VERSION: envInteger({ min: 1, max: 1_000_000, default: 1 }),
    // Other master-key versions still readable during a rotation, as `version:secret` pairs separated by commas
    // (`1:<old secret>`; secrets must not contain commas). Empty (the default) outside a rotation.
    TOKEN_VAULT_MASTER_SECRETS: envMasterSecrets(),
    // How long a replica trusts its cached "current data key" before reading the store again, before TIME_SCALE.
    // After a data-key rotation wait this long before vault-rewrap-secrets so every replica writes the new key.
    TOKEN_VAULT_KEY_CACHE_TTL_SECONDS: envInteger({ min: 1, max: 3_600, default: 60 }),
    // Refresh an access token (on demand or by the scheduled job) once it expires within this many seconds
    // (LinkedIn, TikTok, Google). Never scaled: it is measured against the expiry the platform set. Capped at half
    // the token's lifetime so a short-lived token is not refreshed on every use.
    REFRESH_MARGIN_SECONDS: envInteger({ min: 1, max: 30 * day, default: 600 }),
    // Meta has no refresh token: its ~60-day long-lived token is re-exchanged this long before it expires
    // (7 days by default), while it is still valid. Same cap as above.
    META_REFRESH_MARGIN_SECONDS: envInteger({ min: 1, max: 59 * day, default: 7 * day }),
    // Scheduled refreshes are spread up to this many seconds earlier than expiry minus margin (never more than
    // half the margin), so connections made together do not refresh together. Not scaled, like the margin.
    REFRESH_JITTER_SECONDS: envInteger({ min: 0, max: day, default: 120 }),
    // A connection whose refresh token (or grant) ends within this many seconds becomes `expiring`: the user
    // should reconnect soon. 7 days by default. Not scaled.
    REAUTH_WARNING_SECONDS: envInteger({ min: 0, max: 90 * day, default: 7 * day }),
    // TTL of the Redis lock taken before a refresh, in real milliseconds (never scaled: it bounds a real network
    // call). It only saves work: the database claim is the fence, so a lock that expires mid-refresh is safe.
    REFRESH_LOCK_TTL_MS: envInteger({ min: 100, max: 600_000, default: 15_000 }),
    // A database refresh claim older than this is taken over (its holder is presumed dead). Real milliseconds;
    // must exceed CONNECTOR_TIMEOUT_MS so a live holder's refresh call has always ended before its claim goes
    // stale, which is what keeps a rotating refresh token from being sent twice.
    REFRESH_CLAIM_STALE_MS: envInteger({ min: 1_000, max: 3_600_000, default: 60_000 }),
    // How long get-access-token waits for another process's refresh of the same connection before answering
    // UNAVAILABLE (keep it under the callers' RPC deadline, 35 s). Real milliseconds.
    REFRESH_WAIT_TIMEOUT_MS: envInteger({ min: 100, max: 300_000, default: 30_000 }),
    // Refresh jobs run at once per process (BullMQ worker concurrency).
    REFRESH_CONCURRENCY: envInteger({ min: 1, max: 100, default: 5 }),
    // How often one replica rebuilds missing refresh jobs from Postgres (after a Redis wipe) and marks
    // connections whose grant ends soon as `expiring`, in seconds before TIME_SCALE. It also runs at start.
    RECONCILE_INTERVAL_SECONDS: envInteger({ min: 1, max: day, default: 300 }),
    // Fault injection for the outbox crash test only: `after-revoke-commit` SIGKILLs the process right after a
    // disconnect commits. Refused unless NODE_ENV=test.
    TEST_CRASH_POINT: envEnum(crashPoints, { default: "none" }),
  })
  .superRefine((config, ctx) => {
    if (config.REFRESH_CLAIM_STALE_MS <= config.CONNECTOR_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["REFRESH_CLAIM_STALE_MS"],
        message: `must exceed CONNECTOR_TIMEOUT_MS (${config.CONNECTOR_TIMEOUT_MS}), or a slow refresh could be sent twice`,
      });
    }
    if (
      config.TOKEN_VAULT_MASTER_SECRETS.some((entry) => entry.version === config.TOKEN_VAULT_CURRENT_VERSION)
    ) {
      ctx.addIssue({
        code: "custom",
        path: ["TOKEN_VAULT_MASTER_SECRETS"],
        message: `must not repeat version ${config.TOKEN_VAULT_CURRENT_VERSION}: TOKEN_VAULT_MASTER_SECRET is that version`,
      });
    }
    if (config.TEST_CRASH_POINT !== "none" && config.NODE_ENV !== "test") {
      ctx.addIssue({
        code: "custom",
        path: ["TEST_CRASH_POINT"],
        message: "only allowed with NODE_ENV=test",
      });
    }
  });
/** The parsed configuration as `loadConfig` returns it: deep-frozen. */
export type Config = Frozen<z.infer<typeof Config>>;
