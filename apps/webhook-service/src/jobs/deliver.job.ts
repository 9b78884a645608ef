import type { JobsOptions } from "bullmq";
import { z } from "zod";

/** One attempt of one delivery (ids only: the payload and the secrets are read from Postgres when it runs). */
export const deliverQueueName = "webhook-service.deliver";

export const DeliverJobData = z.object({
  tenantId: z.string().min(1),
  deliveryId: z.string().min(1),
  /** the attempt this job makes (1-based, counted across replays); a job whose attempt was made does nothing */
  attempt: z.number().int().positive(),
});
export type DeliverJobData = z.infer<typeof DeliverJobData>;

/** Deterministic, so the consumer, the retry, a replay and the reconciler scheduling one attempt make one job. */
export function deliverJobId(deliveryId: string, attempt: number): string {
  return `${deliveryId}-${attempt}`;
}

/**
 * The webhook's own retries are not BullMQ retries: each attempt is recorded in Postgres and the next one is a new
 * delayed job (retry-schedule.ts). BullMQ retries only cover our own faults (Postgres or Redis unreachable while
 * the job ran): 5 runs, 2 s doubling, scaled; after that the reconciler starts the job again.
 */
export function deliverJobOptions(options: { delayMs: number; timeScale: number }): JobsOptions {
  return {
    delay: Math.max(0, Math.round(options.delayMs)),
    attempts: 5,
    backoff: { type: "exponential", delay: Math.max(1, Math.round(2_000 * options.timeScale)) },
    removeOnComplete: true,
    removeOnFail: { age: 7 * 86_400 },
  };
}
