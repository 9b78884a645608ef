import type { Logger } from "@postd/telemetry";
import { withTraceData } from "@postd/telemetry";
import type { Queue } from "bullmq";
import type { ConnectionRow } from "../db/schema";
import { type RefreshJobData, refreshJobId, refreshJobOptions } from "../jobs/refresh.job";

export type ScheduledRow = Pick<ConnectionRow, "id" | "tenantId" | "version" | "nextRefreshAt">;

export interface RefreshScheduler {
  /**
   * Puts the refresh job of this version on the queue, due at `nextRefreshAt` (nothing when null). Called after
   * every token change commits; a failure is logged, not thrown: the reconciler adds what is missing.
   */
  schedule(row: ScheduledRow): Promise<void>;
  /** Best effort: drops the job of a superseded version (it would do nothing when it ran). */
  unschedule(connectionId: string, version: number): Promise<void>;
  /** For the reconciler: adds the job if it is missing, starts it again if it failed for good. */
  ensureScheduled(row: ScheduledRow): Promise<"present" | "added" | "restarted" | "none">;
}

export function createRefreshScheduler(options: {
  queue: Queue<RefreshJobData>;
  logger: Logger;
  now?: () => number;
}): RefreshScheduler {
  const { queue, logger } = options;
  const now = options.now ?? Date.now;
  const add = async (row: ScheduledRow, dueAt: Date) => {
    const data = withTraceData({ tenantId: row.tenantId, connectionId: row.id, version: row.version });
    await queue.add("refresh", data, {
      jobId: refreshJobId(row.id, row.version),
      ...refreshJobOptions({ delayMs: dueAt.getTime() - now() }),
    });
  };
  return {
    async schedule(row) {
      if (!row.nextRefreshAt) return;
      try {
        await add(row, row.nextRefreshAt);
      } catch (error) {
        logger.warn(
          { err: error, connectionId: row.id },
          "refresh job not scheduled; the reconciler will add it",
        );
      }
    },
    async unschedule(connectionId, version) {
      try {
        await queue.remove(refreshJobId(connectionId, version));
      } catch (error) {
        logger.debug({ err: error, connectionId, version }, "superseded refresh job not removed");
      }
    },
    async ensureScheduled(row) {
      if (!row.nextRefreshAt) return "none";
      const jobId = refreshJobId(row.id, row.version);
      const state = await queue.getJobState(jobId);
      if (state === "unknown") {
        await add(row, row.nextRefreshAt);
        return "added";
      }
      if (state === "failed" || state === "completed") {
        await queue.remove(jobId);
        await add(row, row.nextRefreshAt);
        return "restarted";
      }
      return "present";
    },
  };
}
