import type { Logger } from "@postd/telemetry";
import type { Queue } from "bullmq";
import {
  type CheckJobData,
  checkJobOptions,
  checkOffsetMs,
  checkSchedulerId,
  connectionOfSchedulerId,
} from "../jobs/check.job";

export interface CheckScheduler {
  /** puts (or keeps) the connection's periodic check; idempotent */
  schedule(input: CheckJobData): Promise<void>;
  /** removes it; a missing one is fine */
  unschedule(connectionId: string): Promise<void>;
  /** connection ids that have a scheduler now */
  scheduledConnections(): Promise<Set<string>>;
}

/**
 * Periodic checks as BullMQ job schedulers on `health-service.check`: one per connection, every `intervalMs`
 * (already scaled by TIME_SCALE) at a per-connection offset. Redis holds only the schedule; Postgres says which
 * connections exist, and the reconciler puts back what a Redis wipe lost.
 */
export function createCheckScheduler(options: {
  queue: Queue<CheckJobData>;
  intervalMs: number;
  logger: Logger;
}): CheckScheduler {
  const { queue, intervalMs } = options;
  return {
    async schedule(input) {
      await queue.upsertJobScheduler(
        checkSchedulerId(input.connectionId),
        { every: intervalMs, offset: checkOffsetMs(input.connectionId, intervalMs) },
        {
          name: "check",
          data: { tenantId: input.tenantId, connectionId: input.connectionId },
          opts: checkJobOptions,
        },
      );
    },
    async unschedule(connectionId) {
      await queue.removeJobScheduler(checkSchedulerId(connectionId));
    },
    async scheduledConnections() {
      const ids = new Set<string>();
      const pageSize = 1_000;
      for (let start = 0; ; start += pageSize) {
        const page = await queue.getJobSchedulers(start, start + pageSize - 1, true);
        for (const scheduler of page) {
          const connectionId = connectionOfSchedulerId(scheduler.key);
          if (connectionId) ids.add(connectionId);
        }
        if (page.length < pageSize) return ids;
      }
    },
  };
}
