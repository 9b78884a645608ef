import { contextFromJobData, runWithContext, SpanKind, withSpan } from "@postd/telemetry";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { WebhookContext } from "../context";
import { deliverQueueName } from "./deliver.job";
import { processDeliverJob } from "./deliver.processor";

/**
 * The BullMQ worker of `webhook-service.deliver`. Its lock outlives one attempt (timeout + 5 s) and is renewed
 * while the attempt runs; a crashed worker's job is picked up again once the lock runs out (the stalled check),
 * and the delivery's own lease and attempt number keep that from sending an attempt twice.
 */
export function createDeliverWorker(
  ctx: WebhookContext,
  options: { connection: Redis; prefix: string; concurrency: number },
): Worker {
  const lockDuration = ctx.settings.leaseMs;
  const worker = new Worker(
    deliverQueueName,
    async (job) =>
      runWithContext(contextFromJobData(job.data), () =>
        withSpan("webhook-service.deliver", { kind: SpanKind.CONSUMER }, () =>
          processDeliverJob(ctx, job.data),
        ),
      ),
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      lockDuration,
      stalledInterval: lockDuration,
    },
  );
  worker.on("failed", (job, error) => {
    const exhausted = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
    const log = { jobId: job?.id, err: error, attemptsMade: job?.attemptsMade };
    if (exhausted) ctx.logger.warn(log, "deliver job gave up; the reconciler will start it again");
    else ctx.logger.debug(log, "deliver job will be retried");
  });
  worker.on("error", (error) => ctx.logger.warn({ err: error }, "deliver worker error"));
  return worker;
}
