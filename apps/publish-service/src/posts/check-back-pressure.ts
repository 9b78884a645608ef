import { AppError } from "@postd/service-kit";
import type { PublishContext } from "../context";

/**
 * Back-pressure: when more publish jobs wait than PUBLISH_QUEUE_MAX_WAITING, new posts are refused with 503 and
 * Retry-After rather than queued without bound (scheduled jobs wait in the delayed set and do not count).
 */
export async function checkBackPressure(ctx: PublishContext): Promise<void> {
  const waiting = await ctx.queues.publish.getWaitingCount();
  if (waiting < ctx.settings.queueMaxWaiting) return;
  ctx.logger.warn({ waiting, bound: ctx.settings.queueMaxWaiting }, "publish refused: the queue is full");
  throw new AppError(
    "UNAVAILABLE",
    `the publish queue is full (${waiting} posts waiting); try again shortly`,
    {
      retryAfterSeconds: ctx.settings.backpressureRetryAfterSeconds,
    },
  );
}
