import { connectorEnv } from "@postd/connectors";
import {
  baseServiceConfig,
  envEnum,
  envInteger,
  envValue,
  type Frozen,
  type ParsedEnv,
} from "@postd/service-kit";
import { z } from "zod";

export const publishRoles = ["all", "api", "worker"] as const;
export type PublishRole = (typeof publishRoles)[number];

/** Where the crash tests SIGKILL a worker on purpose (`TEST_CRASH_POINT`); never outside NODE_ENV=test. */
export const crashPoints = ["none", "after-claim", "before-dispatch", "after-platform-accepted"] as const;
export type CrashPoint = (typeof crashPoints)[number];

/** `PUBLISH_RETRY_DELAYS_MS`: comma-separated waits in ms, one per retry (1 to 20 of them). */
function envDelayList(fallback: readonly number[]) {
  return envValue(
    (raw): ParsedEnv<number[]> => {
      const items = raw.split(",").map((item) => item.trim());
      const valid = items.length >= 1 && items.length <= 20 && items.every((item) => /^\d{1,9}$/.test(item));
      return valid
        ? { ok: true, value: items.map(Number) }
        : { ok: false, expected: "1 to 20 comma-separated whole milliseconds, e.g. 1000,3000,9000,27000" };
    },
    { fallback: () => [...fallback], echo: "value" },
  );
}

const day = 86_400;

export const Config = z
  .object({
    ...baseServiceConfig,
    // The platforms' app credentials, PLATFORM_SIM_URL, CONNECTOR_TIMEOUT_MS (which bounds PUBLISH_LEASE_MS) and
    // the polling of asynchronous platform states; see packages/connectors.
    ...connectorEnv,
    // /healthz, /readyz and /metrics (infra/ports.md: publish-service is 9103); 0 takes any free port (tests).
    INTERNAL_PORT: envInteger({ min: 0, max: 65535, default: 9103 }),
    // What this process does: `api` answers svc.publish.*, `worker` runs the publish jobs, `all` (the default)
    // both. Both roles run the outbox relay, the event consumers and the reconciler (shared, run once).
    PUBLISH_ROLE: envEnum(publishRoles, { default: "all" }),
    // Publish jobs one worker process runs at once (BullMQ concurrency). More processes scale it further.
    PUBLISH_CONCURRENCY: envInteger({ min: 1, max: 500, default: 5 }),
    // Waits before the 2nd, 3rd, … attempt of a retryable failure, before TIME_SCALE; their count + 1 is the
    // attempt budget (5 by default). A platform's own wait (Retry-After, Meta's regain time) wins when longer.
    PUBLISH_RETRY_DELAYS_MS: envDelayList([1_000, 3_000, 9_000, 27_000]),
    // How long a worker's claim on a target lasts without renewal, in real milliseconds (never scaled: it bounds
    // real network calls). Renewed every quarter of it; a worker that cannot renew stops its publish before the
    // lease ends, and a lapsed lease is what lets another worker take a crashed attempt over (after findPost).
    // Must be at least twice CONNECTOR_TIMEOUT_MS.
    PUBLISH_LEASE_MS: envInteger({ min: 200, max: 3_600_000, default: 90_000 }),
    // Back-pressure: above this many waiting publish jobs, svc.publish.create answers UNAVAILABLE (503) with
    // Retry-After instead of letting the queue grow without bound. Scheduled (delayed) jobs do not count.
    PUBLISH_QUEUE_MAX_WAITING: envInteger({ min: 1, max: 10_000_000, default: 10_000 }),
    // The Retry-After (seconds) of that 503.
    PUBLISH_BACKPRESSURE_RETRY_AFTER_SECONDS: envInteger({ min: 1, max: 3_600, default: 5 }),
    // How long an Idempotency-Key's first answer is kept and replayed, in hours before TIME_SCALE. Stripe's 24 h
    // is the floor the API promises.
    IDEMPOTENCY_TTL_HOURS: envInteger({ min: 24, max: 24 * 30, default: 24 }),
    // How often each replica deletes expired idempotency keys, in seconds before TIME_SCALE (idempotent).
    IDEMPOTENCY_PURGE_INTERVAL_SECONDS: envInteger({ min: 1, max: day, default: 3_600 }),
    // How often one replica rebuilds the queue from Postgres (due targets no job holds, lapsed leases, after a
    // Redis wipe), in ms before TIME_SCALE (at least 50 ms once scaled). It also runs at start.
    RECONCILE_INTERVAL_MS: envInteger({ min: 1, max: day * 1_000, default: 30_000 }),
    // How long per-target analytics are cached in Redis, in seconds before TIME_SCALE.
    ANALYTICS_CACHE_SECONDS: envInteger({ min: 1, max: day, default: 300 }),
    // Pacing before a platform call (a wait here is no attempt: the job is delayed). TikTok: video/photo inits
    // per account per window (TikTok allows 6 per minute per user). Real seconds, never scaled.
    PACE_TIKTOK_INITS_PER_WINDOW: envInteger({ min: 1, max: 100_000, default: 6 }),
    PACE_TIKTOK_WINDOW_SECONDS: envInteger({ min: 1, max: day, default: 60 }),
    // Mailchimp: at most this many publishes in flight per account (Mailchimp allows 10 simultaneous
    // connections); a slot is freed when the attempt ends, or after PUBLISH_LEASE_MS if its worker died.
    PACE_MAILCHIMP_CONCURRENCY: envInteger({ min: 1, max: 10_000, default: 10 }),
    // LinkedIn: posts per account per UTC day (LinkedIn's member limit is 150); beyond it, wait for 00:00 UTC.
    PACE_LINKEDIN_DAILY_LIMIT: envInteger({ min: 1, max: 1_000_000, default: 150 }),
    // Instagram: API-published posts per account per rolling 24 hours (Meta's content_publishing_limit is
    // 100); the platform's own quota_exceeded is honoured as well.
    PACE_INSTAGRAM_DAILY_LIMIT: envInteger({ min: 1, max: 1_000_000, default: 100 }),
    // Google Business Profile: edits (local posts) per location per minute (Google allows 10 per profile and
    // will not raise it); a burst waits here instead of spending attempts on RESOURCE_EXHAUSTED.
    PACE_GBP_EDITS_PER_MINUTE: envInteger({ min: 1, max: 100_000, default: 10 }),
    // Fault injection for the crash tests only: SIGKILL the process at that point of the first attempt that
    // reaches it. Refused unless NODE_ENV=test.
    TEST_CRASH_POINT: envEnum(crashPoints, { default: "none" }),
  })
  .superRefine((config, ctx) => {
    if (config.PUBLISH_LEASE_MS < 2 * config.CONNECTOR_TIMEOUT_MS) {
      ctx.addIssue({
        code: "custom",
        path: ["PUBLISH_LEASE_MS"],
        message: `must be at least twice CONNECTOR_TIMEOUT_MS (${config.CONNECTOR_TIMEOUT_MS}): a worker must be able to stop a platform call before its lease lapses`,
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
export type Config = Frozen<z.output<typeof Config>>;
