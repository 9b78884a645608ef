import { createHash } from "node:crypto";
import type { JobsOptions } from "bullmq";
import { z } from "zod";

/** Scheduled and on-demand-by-reconciler checks of one connection (ids only, never a token). */
export const checkQueueName = "health-service.check";

export const CheckJobData = z.object({
  tenantId: z.string().min(1),
  connectionId: z.string().min(1),
});
export type CheckJobData = z.infer<typeof CheckJobData>;

/** One BullMQ job scheduler per connection, so re-adding it (events, the reconciler) is idempotent. */
export function checkSchedulerId(connectionId: string): string {
  return `check:${connectionId}`;
}

export function connectionOfSchedulerId(schedulerId: string): string | null {
  return schedulerId.startsWith("check:") ? schedulerId.slice("check:".length) : null;
}

/**
 * Where in the interval this connection's checks fall: a stable hash of its id, so schedules spread evenly over
 * the interval and stay put when the scheduler is upserted again. Never 0 (BullMQ ignores a zero offset).
 */
export function checkOffsetMs(connectionId: string, intervalMs: number): number {
  const hash = createHash("sha256").update(connectionId).digest().readUInt32BE(0);
  return 1 + (hash % Math.max(1, intervalMs - 1));
}

/**
 * No retries: a failed check is recorded as an `error` outcome by the processor, and the next one is only an
 * interval away. Completed jobs are dropped, failed ones (a fault of ours) kept a week for inspection.
 */
export const checkJobOptions: JobsOptions = {
  attempts: 1,
  removeOnComplete: true,
  removeOnFail: { age: 7 * 86_400 },
};
