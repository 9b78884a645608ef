import type { TargetView } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { and, eq, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { deadLetters, targets } from "../db/schema";
import { enqueueAttempts, removeDeadLetterJob } from "../jobs/publish-queues";
import { toTargetView } from "../posts/post-view";
import { recomputePostStatus } from "../posts/recompute-post-status";
import { takeOpenDeadLetter } from "./take-open-dead-letter";

/**
 * `svc.publish.replay-dead-letter`: the target goes back to `queued` with a fresh attempt budget (its saved
 * progress kept, so a multi-step publish resumes), the dead letter is marked replayed, and a job is enqueued.
 */
export async function replayDeadLetter(
  ctx: PublishContext,
  input: { tenantId: string; deadLetterId: string },
): Promise<TargetView> {
  const target = await ctx.db.transaction(async (tx) => {
    const letter = await takeOpenDeadLetter(tx, input);
    const [row] = await tx
      .update(targets)
      .set({
        status: "queued",
        budgetStart: sql`${targets.attempts}`,
        nextAttemptAt: null,
        updatedAt: sql`now()`,
        version: sql`${targets.version} + 1`,
      })
      .where(and(eq(targets.id, letter.targetId), eq(targets.status, "dead_lettered")))
      .returning();
    if (!row)
      throw new AppError("CONFLICT", `the target of dead letter ${letter.id} is no longer dead-lettered`);
    await tx.update(deadLetters).set({ replayedAt: sql`now()` }).where(eq(deadLetters.id, letter.id));
    await recomputePostStatus(tx, { tenantId: row.tenantId, postId: row.postId });
    return row;
  });
  ctx.logger.info({ deadLetterId: input.deadLetterId, targetId: target.id }, "dead letter replayed");
  await removeDeadLetterJob(ctx.queues, input.deadLetterId).catch(() => undefined);
  await enqueueAttempts(ctx.queues, [
    { tenantId: target.tenantId, targetId: target.id, attempt: target.attempts + 1, delayMs: 0 },
  ]).catch((error: unknown) =>
    ctx.logger.warn({ err: error }, "replayed job not enqueued; the reconciler will"),
  );
  return toTargetView(target);
}
