import { and, eq, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { deadLetters, targets } from "../db/schema";
import { removeDeadLetterJob } from "../jobs/publish-queues";
import { recomputePostStatus } from "../posts/recompute-post-status";
import { takeOpenDeadLetter } from "./take-open-dead-letter";

/** `svc.publish.discard-dead-letter`: gives up on the target for good (`failed`); the dead letter is closed. */
export async function discardDeadLetter(
  ctx: PublishContext,
  input: { tenantId: string; deadLetterId: string },
): Promise<{ deadLetterId: string; targetId: string }> {
  const letter = await ctx.db.transaction(async (tx) => {
    const open = await takeOpenDeadLetter(tx, input);
    await tx.update(deadLetters).set({ discardedAt: sql`now()` }).where(eq(deadLetters.id, open.id));
    const [row] = await tx
      .update(targets)
      .set({ status: "failed", updatedAt: sql`now()`, version: sql`${targets.version} + 1` })
      .where(and(eq(targets.id, open.targetId), eq(targets.status, "dead_lettered")))
      .returning();
    if (row) await recomputePostStatus(tx, { tenantId: row.tenantId, postId: row.postId });
    return open;
  });
  ctx.logger.info({ deadLetterId: letter.id, targetId: letter.targetId }, "dead letter discarded");
  await removeDeadLetterJob(ctx.queues, letter.id).catch(() => undefined);
  return { deadLetterId: letter.id, targetId: letter.targetId };
}
