import type { PublishContext } from "../context";
import { publishJobId } from "./publish.job";
import { enqueueAttempts } from "./publish-queues";

/**
 * Moves the waiting job of a target's next attempt to a new time; adds it when Redis lost it. A job that has
 * started in the meantime is left alone: it finds the target not due and waits again by itself.
 */
export async function rescheduleAttempt(
  ctx: PublishContext,
  target: { tenantId: string; id: string; attempts: number },
  delayMs: number,
): Promise<void> {
  const attempt = target.attempts + 1;
  const job = await ctx.queues.publish.getJob(publishJobId(target.id, attempt));
  if (job && (await job.isDelayed())) {
    await job.changeDelay(Math.max(0, Math.round(delayMs)));
    return;
  }
  if (!job)
    await enqueueAttempts(ctx.queues, [{ tenantId: target.tenantId, targetId: target.id, attempt, delayMs }]);
}

/** Removes the waiting job of a target's next attempt (cancelled targets); a running one finds it cancelled. */
export async function dropAttempt(
  ctx: PublishContext,
  target: { id: string; attempts: number },
): Promise<void> {
  await ctx.queues.publish
    .remove(publishJobId(target.id, target.attempts + 1))
    .catch((error: unknown) =>
      ctx.logger.debug(
        { err: error, targetId: target.id },
        "publish job not removed (running); it will find the target cancelled",
      ),
    );
}
