import { scaleMs } from "@postd/service-kit";
import { contextFromJobData, runWithContext, SpanKind, withSpan } from "@postd/telemetry";
import { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type { TokenContext } from "../context";
import { RefreshJobData, refreshBackoffType, refreshQueueName, refreshRetryDelayMs } from "./refresh.job";
import { processRefreshJob, RefreshRetryError } from "./refresh.processor";

/** The BullMQ worker of `token-service.refresh` (concurrency from REFRESH_CONCURRENCY). */
export function createRefreshWorker(
  ctx: TokenContext,
  options: { connection: Redis; prefix: string; concurrency: number; timeScale: number },
): Worker {
  const worker = new Worker(
    refreshQueueName,
    async (job) =>
      runWithContext(contextFromJobData(job.data), () =>
        withSpan("token-service.refresh", { kind: SpanKind.CONSUMER }, async () => {
          const data = RefreshJobData.parse(job.data);
          const logger = ctx.logger.child({
            jobId: job.id,
            connectionId: data.connectionId,
            attempt: job.attemptsMade + 1,
          });
          const result = await processRefreshJob({ ...ctx, logger }, data);
          logger.debug({ result }, "refresh job done");
          return result;
        }),
      ),
    {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      // a refresh is short; a lost lock (crash) makes BullMQ run it again, which the version check makes harmless
      lockDuration: Math.max(30_000, scaleMs(30_000, options.timeScale)),
      settings: {
        backoffStrategy: (attemptsMade, type, error) => {
          if (type !== refreshBackoffType) return 0;
          const retryAfterMs = error instanceof RefreshRetryError ? error.retryAfterMs : undefined;
          return refreshRetryDelayMs({ attemptsMade, timeScale: options.timeScale, retryAfterMs });
        },
      },
    },
  );
  worker.on("failed", (job, error) => {
    const exhausted = job !== undefined && job.attemptsMade >= (job.opts.attempts ?? 1);
    const log = { jobId: job?.id, err: error, attemptsMade: job?.attemptsMade };
    if (exhausted) ctx.logger.warn(log, "refresh job gave up; the reconciler will start it again");
    else ctx.logger.debug(log, "refresh job will be retried");
  });
  worker.on("error", (error) => ctx.logger.warn({ err: error }, "refresh worker error"));
  return worker;
}
