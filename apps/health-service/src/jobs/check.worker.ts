import { traceJob } from "@postd/telemetry";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { HealthContext } from "../context";
import { CheckJobData, checkQueueName } from "./check.job";
import { type CheckJobResult, processCheckJob } from "./check.processor";

/** The job name of a check asked for through `svc.health.check-connection` (scheduled ones are `check`). */
export const onDemandJobName = "check-now";

/** The BullMQ worker of `health-service.check` (HEALTH_CHECK_CONCURRENCY at once per replica). */
export function createCheckWorker(
  ctx: HealthContext,
  options: { connection: Redis; prefix: string; concurrency: number },
): Worker<CheckJobData, CheckJobResult> {
  const worker = new Worker<CheckJobData, CheckJobResult>(
    checkQueueName,
    (job) => {
      // the producer's trace context is read from the raw data: parsing strips `_trace`
      const data = CheckJobData.parse(job.data);
      const attributes = {
        "postd.job_id": job.id ?? "",
        "postd.tenant_id": data.tenantId,
        "postd.connection_id": data.connectionId,
      };
      return traceJob(job.data, checkQueueName, attributes, () => {
        const logger = ctx.logger.child({
          jobId: job.id,
          tenantId: data.tenantId,
          connectionId: data.connectionId,
        });
        return processCheckJob({ ...ctx, logger }, { data, onDemand: job.name === onDemandJobName });
      });
    },
    { connection: options.connection, prefix: options.prefix, concurrency: options.concurrency },
  );
  worker.on("failed", (job, error) =>
    ctx.logger.warn({ jobId: job?.id, err: error }, "health check job failed; the next one runs on schedule"),
  );
  worker.on("error", (error) => ctx.logger.warn({ err: error }, "health check worker error"));
  return worker;
}
