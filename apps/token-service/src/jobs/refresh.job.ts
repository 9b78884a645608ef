import { scaleMs } from "@postd/service-kit";
import type { JobsOptions } from "bullmq";
import { z } from "zod";

/** One refresh of one connection's token, at the version it was planned for (ids only, never a token). */
export const refreshQueueName = "token-service.refresh";

export const RefreshJobData = z.object({
  tenantId: z.string().min(1),
  connectionId: z.string().min(1),
  /** the connection version the job was planned for; a job for an older version does nothing */
  version: z.number().int().positive(),
});
export type RefreshJobData = z.infer<typeof RefreshJobData>;

/** Deterministic, so scheduling the same version twice (a retry, the reconciler) is one job. */
export function refreshJobId(connectionId: string, version: number): string {
  return `refresh:${connectionId}:${version}`;
}

/** The backoff strategy name the worker registers (`refreshRetryDelayMs`). */
export const refreshBackoffType = "refresh-backoff";

/**
 * Retry policy for transient failures (5xx, 429, timeouts): up to 12 attempts in all, waiting 5 s doubling to
 * 10 minutes with full jitter (or what the platform asked, when longer), scaled by TIME_SCALE. Beyond that the
 * reconciler starts the job again at its next run.
 */
export const refreshRetryPolicy = { attempts: 12, baseDelayMs: 5_000, maxDelayMs: 600_000 } as const;

export function refreshJobOptions(options: { delayMs: number }): JobsOptions {
  return {
    delay: Math.max(0, Math.round(options.delayMs)),
    attempts: refreshRetryPolicy.attempts,
    backoff: { type: refreshBackoffType },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 86_400 },
  };
}

export function refreshRetryDelayMs(input: {
  attemptsMade: number;
  timeScale: number;
  retryAfterMs?: number | undefined;
  random?: () => number;
}): number {
  const ceiling = Math.min(
    refreshRetryPolicy.maxDelayMs,
    refreshRetryPolicy.baseDelayMs * 2 ** Math.max(0, input.attemptsMade - 1),
  );
  const jittered = ceiling / 2 + (input.random ?? Math.random)() * (ceiling / 2);
  return scaleMs(Math.max(jittered, input.retryAfterMs ?? 0), input.timeScale);
}
