import { newId } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { withTraceData } from "@postd/telemetry";
import type { Queue, QueueEvents } from "bullmq";
import { type CheckJobData, checkJobOptions } from "../jobs/check.job";
import type { CheckJobResult } from "../jobs/check.processor";
import { onDemandJobName } from "../jobs/check.worker";
import type { ConnectionCheckResult } from "./check-connection";

/**
 * `svc.health.check-connection`: the check runs as a job on `health-service.check` (so on-demand checks share the
 * worker's concurrency limit), carrying the caller's trace context, and this waits for its result. A check the
 * job refused (NOT_FOUND) comes back as that error.
 */
export async function checkNow(
  deps: { queue: Queue<CheckJobData>; events: QueueEvents; timeoutMs: number },
  input: CheckJobData,
): Promise<ConnectionCheckResult> {
  const job = await deps.queue.add(onDemandJobName, withTraceData({ ...input }), {
    ...checkJobOptions,
    jobId: `now-${newId("healthCheck")}`,
    removeOnComplete: { age: 60 },
  });
  let result: CheckJobResult;
  try {
    result = (await job.waitUntilFinished(deps.events, deps.timeoutMs)) as CheckJobResult;
  } catch (error) {
    throw rethrown(error);
  }
  if ("skipped" in result) throw new AppError("NOT_FOUND", `connection ${input.connectionId} was not found`);
  return result;
}

/** The job's failure reason is the processor's error message; NOT_FOUND keeps its meaning across the queue. */
function rethrown(error: unknown): AppError {
  const message = error instanceof Error ? error.message : String(error);
  if (/was not found$/.test(message)) return new AppError("NOT_FOUND", message, { cause: error });
  if (/timed out/i.test(message)) {
    return new AppError("UNAVAILABLE", "the health check did not finish in time; try again", {
      cause: error,
    });
  }
  return new AppError("UNAVAILABLE", "the health check could not run; try again", { cause: error });
}
