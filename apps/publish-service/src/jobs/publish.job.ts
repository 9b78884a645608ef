import type { JobsOptions } from "bullmq";
import { z } from "zod";

/** One attempt at one target. The job holds ids only: the post's text and the tokens are read when it runs. */
export const publishQueueName = "publish-service.publish";

export const PublishJobData = z.object({
  tenantId: z.string().min(1),
  targetId: z.string().min(1),
});
export type PublishJobData = z.infer<typeof PublishJobData>;

/**
 * `publish:<targetId>:<attempt>`: deterministic, so enqueueing the same attempt twice (after a commit and from
 * the reconciler) is one job. The attempt number is also the fence: the job acts only while the target's
 * `attempts` is one less.
 */
export function publishJobId(targetId: string, attempt: number): string {
  return `publish:${targetId}:${attempt}`;
}

/** The attempt a job is for, from its id; null for an id that is not ours. */
export function attemptOfJobId(jobId: string | undefined): number | null {
  const match = /^publish:[^:]+:(\d+)$/.exec(jobId ?? "");
  return match?.[1] ? Number(match[1]) : null;
}

/**
 * BullMQ never retries a publish job by itself (`attempts: 1`): retries are new jobs planned from Postgres, so
 * their waits and count follow the target's row. Finished and failed jobs are removed, so their ids can be
 * enqueued again by the reconciler (a failed job left behind would block its id).
 */
export function publishJobOptions(input: {
  targetId: string;
  attempt: number;
  delayMs: number;
}): JobsOptions {
  return {
    jobId: publishJobId(input.targetId, input.attempt),
    delay: Math.max(0, Math.round(input.delayMs)),
    attempts: 1,
    removeOnComplete: true,
    removeOnFail: true,
  };
}
