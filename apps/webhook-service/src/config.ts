import {
  baseServiceConfig,
  envBoolean,
  envInteger,
  envList,
  envSecret,
  envValue,
  type Frozen,
  type ParsedEnv,
} from "@postd/service-kit";
import { z } from "zod";

const hour = 3_600;
/** The retry horizon docs/webhooks.md promises: a delivery is retried for at least this long before it is dead. */
export const minimumRetryHorizonSeconds = 24 * hour;

/** `WEBHOOK_RETRY_SCHEDULE_SECONDS`: comma-separated whole seconds, each from 1 to 7 days. */
function envSecondsList(options: { default: readonly number[] }) {
  return envValue(
    (raw): ParsedEnv<number[]> => {
      const items = raw
        .split(",")
        .map((item) => item.trim())
        .filter((item) => item !== "");
      const values = items.map((item) => (/^\d+$/.test(item) ? Number(item) : Number.NaN));
      const valid = values.length > 0 && values.every((value) => value >= 1 && value <= 7 * 24 * hour);
      return valid
        ? { ok: true, value: values }
        : { ok: false, expected: "comma-separated whole seconds, each from 1 to 604800" };
    },
    { fallback: () => [...options.default], echo: "value" },
  );
}

export const Config = z
  .object({
    ...baseServiceConfig,
    // /healthz, /readyz and /metrics (infra/ports.md: webhook-service is 9105); 0 takes any free port (tests).
    INTERNAL_PORT: envInteger({ min: 0, max: 65535, default: 9105 }),
    // The master secret of the vault that encrypts the endpoints' signing secrets (it wraps each tenant's data
    // keys; ADR 0017). Required, at least 32 bytes (openssl rand -base64 48). A wrong one stops the start-up while
    // encrypted secrets exist; losing it means every endpoint needs a new secret (rotate-secret).
    WEBHOOK_SIGNING_MASTER_SECRET: envSecret({ minBytes: 32 }),
    // One delivery attempt may take this long (connect, send, response headers and the first KiB of the body),
    // in real milliseconds (never scaled: it bounds a real network call). Receivers should answer 2xx at once and
    // work afterwards.
    WEBHOOK_TIMEOUT_MS: envInteger({ min: 100, max: 120_000, default: 10_000 }),
    // The waits before each retry after a failed attempt, in seconds before TIME_SCALE, with up to
    // WEBHOOK_RETRY_JITTER_PERCENT added at random. Must add up to at least 24 hours (the promise of
    // docs/webhooks.md); after the last one fails the delivery is `dead`. Default: 1 min, 5 min, 30 min, 2 h, 6 h,
    // 12 h, 12 h = 8 attempts over about 32.6 hours.
    WEBHOOK_RETRY_SCHEDULE_SECONDS: envSecondsList({
      default: [60, 300, 1_800, 7_200, 21_600, 43_200, 43_200],
    }),
    // Random extra wait added to each retry, as a percentage of it (0 to 100), so endpoints that failed together
    // are not retried together. Only ever added, so the horizon never shrinks.
    WEBHOOK_RETRY_JITTER_PERCENT: envInteger({ min: 0, max: 100, default: 20 }),
    // An endpoint whose every attempt has failed for this many hours (before TIME_SCALE) is disabled with a note
    // and a webhook.endpoint_disabled.v1 event; the tenant re-enables it with PATCH { enabled: true }. 72 = 3 days.
    WEBHOOK_DISABLE_AFTER_HOURS: envInteger({ min: 1, max: 24 * 90, default: 72 }),
    // After a rotate-secret, the previous secret keeps signing alongside the new one this many hours (before
    // TIME_SCALE), so receivers can switch without dropping deliveries. 24 as api.md promises.
    WEBHOOK_SECRET_OVERLAP_HOURS: envInteger({ min: 1, max: 24 * 30, default: 24 }),
    // Hosts (exact names or IP addresses, comma-separated, e.g. 127.0.0.1,localhost) that endpoints may use even
    // though they are private or loopback, and over plain http. For local development and tests; empty (the
    // default) in production: only https to public addresses.
    WEBHOOK_ALLOWED_HOSTS: envList({ default: [] }),
    // true lets every endpoint resolve to private, loopback or link-local addresses (still https unless the host
    // is in WEBHOOK_ALLOWED_HOSTS). Only for a closed network where every receiver is internal; false (the default)
    // keeps the SSRF guard (ADR 0018).
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: envBoolean({ default: false }),
    // Deliveries sent at once per process (BullMQ worker concurrency); each holds one outgoing connection.
    WEBHOOK_DELIVERY_CONCURRENCY: envInteger({ min: 1, max: 200, default: 10 }),
    // How many bytes of a receiver's response body each attempt keeps in the delivery log.
    WEBHOOK_RESPONSE_EXCERPT_BYTES: envInteger({ min: 0, max: 65_536, default: 1_024 }),
    // Endpoints a tenant may have at once; each event is sent to every matching one.
    WEBHOOK_MAX_ENDPOINTS_PER_TENANT: envInteger({ min: 1, max: 1_000, default: 20 }),
    // How often one replica re-creates missing delivery jobs from Postgres (after a Redis wipe), in seconds before
    // TIME_SCALE. It also runs at start.
    WEBHOOK_RECONCILE_INTERVAL_SECONDS: envInteger({ min: 1, max: 86_400, default: 300 }),
  })
  .superRefine((config, ctx) => {
    const horizon = config.WEBHOOK_RETRY_SCHEDULE_SECONDS.reduce((sum, seconds) => sum + seconds, 0);
    if (horizon < minimumRetryHorizonSeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["WEBHOOK_RETRY_SCHEDULE_SECONDS"],
        message: `must add up to at least ${minimumRetryHorizonSeconds} seconds (24 hours); it adds up to ${horizon}`,
      });
    }
  });
/** The parsed configuration as `loadConfig` returns it: deeply frozen. */
export type Config = Frozen<z.output<typeof Config>>;
