import { contextFromJobData, runWithContext, SpanKind, withSpan } from "@postd/telemetry";
import { DelayedError, Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { PublishContext } from "../context";
import { PublishJobData, publishQueueName } from "./publish.job";
import { processPublishJob } from "./publish.processor";

/**
 * The BullMQ worker of `publish-service.publish` (PUBLISH_CONCURRENCY jobs at once). A job that must wait
 * (not due, paced, another live lease) goes back to the delayed set without counting as an attempt. BullMQ's
 * own lock only decides when a job of a dead worker runs again; the target's lease in Postgres is the fence.
 */
export function createPublishWorker(
  ctx: PublishContext,
  options: { connection: Redis; prefix: string; concurrency: number },
): Worker {
  const worker = new Worker(
    publishQueueName,
    async (job, token) => {
      // the producer's trace context is read from the raw data: parsing strips `_trace`
      const data = PublishJobData.parse(job.data);
      const attributes = {
        "postd.job_id": job.id ?? "",
        "postd.tenant_id": data.tenantId,
        "postd.target_id": data.targetId,
      };
      const verdict = await runWithContext(contextFromJobData(job.data), () =>
        withSpan("publish-service.publish", { kind: SpanKind.CONSUMER, attributes }, async () => {
          const logger = ctx.logger.child({
            jobId: job.id,
            tenantId: data.tenantId,
            targetId: data.targetId,
          });
          return processPublishJob({ ...ctx, logger }, { id: job.id, data });
        }),
      );
      if (verdict.kind === "done") return verdict.result;
      ctx.logger.debug({ jobId: job.id, delayMs: verdict.delayMs, why: verdict.why }, "publish job delayed");
      await job.moveToDelayed(Date.now() + verdict.delayMs, token);
      throw new DelayedError();
    },
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
    },
  );
  worker.on("failed", (job, error) =>
    ctx.logger.warn(
      { jobId: job?.id, err: error },
      "publish job failed; the reconciler will enqueue it again",
    ),
  );
  worker.on("error", (error) => ctx.logger.warn({ err: error }, "publish worker error"));
  return worker;
}
