import { withTraceData } from "@postd/telemetry";
import type { Queue } from "bullmq";
import { type DeliverJobData, deliverJobId, deliverJobOptions } from "./deliver.job";

export type ScheduleResult = "added" | "exists" | "restarted" | "promoted";

/** Puts delivery attempts on `webhook-service.deliver`; every call is safe to repeat. */
export interface DeliveryScheduler {
  /** the attempt's job at `at` (now when null or past), unless it exists; a failed one is started again */
  schedule(data: DeliverJobData, options: { at: Date | null }): Promise<ScheduleResult>;
  /** the attempt's job now: a waiting delayed one is promoted */
  runNow(data: DeliverJobData): Promise<ScheduleResult>;
}

export function createDeliveryScheduler(options: {
  queue: Queue;
  timeScale: number;
  now: () => Date;
}): DeliveryScheduler {
  const { queue, timeScale, now } = options;
  const add = (data: DeliverJobData, delayMs: number) =>
    queue.add("deliver", withTraceData(data), {
      jobId: deliverJobId(data.deliveryId, data.attempt),
      ...deliverJobOptions({ delayMs, timeScale }),
    });

  const schedule: DeliveryScheduler["schedule"] = async (data, { at }) => {
    const delayMs = at === null ? 0 : Math.max(0, at.getTime() - now().getTime());
    const existing = await queue.getJob(deliverJobId(data.deliveryId, data.attempt));
    if (!existing) {
      await add(data, delayMs);
      return "added";
    }
    const state = await existing.getState();
    if (state === "failed") {
      await existing.retry("failed");
      return "restarted";
    }
    if (state === "completed" || state === "unknown") {
      await existing.remove().catch(() => undefined);
      await add(data, delayMs);
      return "added";
    }
    return "exists";
  };

  return {
    schedule,
    async runNow(data) {
      const existing = await queue.getJob(deliverJobId(data.deliveryId, data.attempt));
      if (existing && (await existing.getState()) === "delayed") {
        await existing.promote();
        return "promoted";
      }
      return schedule(data, { at: null });
    },
  };
}
