import type { JobsOptions } from "bullmq";
import { z } from "zod";

/**
 * Dead letters, mirrored as jobs so the queue tooling (Bull Board, `GET /api/health/queue`) shows them. Nothing
 * processes this queue: a job waits there until its dead letter is replayed or discarded. Postgres holds the
 * record (`dead_letters`); the reconciler puts a lost job back.
 */
export const deadLetterQueueName = "publish-service.dead-letter";

export const DeadLetterJobData = z.object({
  tenantId: z.string().min(1),
  deadLetterId: z.string().min(1),
  targetId: z.string().min(1),
});
export type DeadLetterJobData = z.infer<typeof DeadLetterJobData>;

/** The dead letter's own id (`dlq_…`). */
export function deadLetterJobOptions(deadLetterId: string): JobsOptions {
  return { jobId: deadLetterId, removeOnComplete: true, removeOnFail: true };
}
