import type { WebhookSettings } from "../context";

/**
 * When the next attempt is due after attempt `seriesAttempt` of a series failed (1 = the first attempt), or null
 * when the schedule is exhausted and the delivery is dead. The wait is the schedule's, plus up to `jitterRatio` of
 * it at random (only ever added, so the whole series spans at least the schedule's sum).
 */
export function nextAttemptAt(input: {
  settings: Pick<WebhookSettings, "retryDelaysMs" | "jitterRatio">;
  seriesAttempt: number;
  failedAt: Date;
  random: () => number;
}): Date | null {
  const delay = input.settings.retryDelaysMs[input.seriesAttempt - 1];
  if (delay === undefined) return null;
  const jitter = delay * input.settings.jitterRatio * input.random();
  return new Date(input.failedAt.getTime() + Math.round(delay + jitter));
}
