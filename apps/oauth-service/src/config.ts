import { connectorEnv } from "@postd/connectors";
import {
  baseServiceConfig,
  envInteger,
  envSecret,
  envValue,
  type Frozen,
  type ParsedEnv,
} from "@postd/service-kit";
import { z } from "zod";
import { parseAllowedOrigin } from "./oauth/return-to";

/**
 * `OAUTH_RETURN_TO_ALLOWLIST`: comma-separated origins (`scheme://host[:port]`, http or https, nothing else), kept
 * in their normalized form (`https://App.Example.com:443` → `https://app.example.com`).
 */
function envOriginList() {
  return envValue(
    (raw): ParsedEnv<string[]> => {
      const origins: string[] = [];
      for (const item of raw.split(",").map((entry) => entry.trim())) {
        if (item === "") continue;
        const origin = parseAllowedOrigin(item);
        if (origin === null) {
          return {
            ok: false,
            expected: `origins like https://app.example.com (no path, user or query): ${item}`,
          };
        }
        origins.push(origin);
      }
      return { ok: true, value: origins };
    },
    { fallback: () => [], echo: "value" },
  );
}

export const Config = z.object({
  ...baseServiceConfig,
  // The platforms' app credentials, scopes, PUBLIC_BASE_URL (redirect URIs) and PLATFORM_SIM_URL; see
  // packages/connectors. A platform without credentials (and no sim) answers UNAVAILABLE on start.
  ...connectorEnv,
  // /healthz, /readyz and /metrics (infra/ports.md: oauth-service is 9101); 0 takes any free port (tests).
  INTERNAL_PORT: envInteger({ min: 0, max: 65535, default: 9101 }),
  // Encrypts the PKCE code verifiers stored with each OAuth session (AES-256-GCM under a key derived from this
  // secret). Required; at least 32 bytes (openssl rand -base64 48). Changing it only fails the OAuth flows in
  // progress (at most OAUTH_STATE_TTL_SECONDS old); nothing long-lived is encrypted with it.
  OAUTH_SESSION_SECRET: envSecret({ minBytes: 32 }),
  // How long a user has between start and the platform's redirect back (the state's life), before TIME_SCALE.
  // 600 s (10 minutes) as the architecture fixes; the platforms' own codes live about as long.
  OAUTH_STATE_TTL_SECONDS: envInteger({ min: 1, max: 3_600, default: 600 }),
  // Where the browser may be sent after the callback: exact origins, comma-separated, e.g.
  // http://127.0.0.1:5173,https://app.example.com. Empty (the default): no returnTo is accepted and the gateway
  // shows its own result page.
  OAUTH_RETURN_TO_ALLOWLIST: envOriginList(),
  // How long finished and expired sessions are kept (their outcome is the audit trail of connect attempts), in
  // hours before TIME_SCALE. 168 = 7 days. Stored PKCE verifiers are wiped as soon as a session ends or expires.
  OAUTH_SESSION_RETENTION_HOURS: envInteger({ min: 1, max: 24 * 366, default: 168 }),
  // How often each replica purges old sessions and wipes expired verifiers, in seconds before TIME_SCALE. Every
  // replica may run it: the statements are idempotent.
  OAUTH_PURGE_INTERVAL_SECONDS: envInteger({ min: 1, max: 86_400, default: 600 }),
});
/** The parsed configuration as `loadConfig` returns it: deeply frozen. */
export type Config = Frozen<z.output<typeof Config>>;
