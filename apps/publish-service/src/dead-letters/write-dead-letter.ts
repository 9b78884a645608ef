import { newId, PostTargetDeadLettered } from "@postd/contracts";
import { type DrizzleTransaction, enqueueEvent } from "@postd/service-kit";
import { deadLetters, outbox, type StoredError, type Tables, type TargetRow } from "../db/schema";
import { recomputePostStatus } from "../posts/recompute-post-status";
import { targetRefOf } from "../targets/target-ref";

/**
 * The dead letter of a target that just became `dead_lettered` (in the caller's transaction): its row with the
 * reason, the platform's error and the attempts of the budget, `post.target_dead_lettered.v1`, and the post's
 * status. Returns the dead letter's id for the mirror job.
 */
export async function writeDeadLetter(
  tx: DrizzleTransaction<Tables>,
  target: TargetRow,
  input: { reason: string; error: StoredError },
): Promise<string> {
  const id = newId("deadLetter");
  const spent = target.attempts - target.budgetStart;
  await tx.insert(deadLetters).values({
    id,
    tenantId: target.tenantId,
    targetId: target.id,
    postId: target.postId,
    platform: target.platform,
    reason: input.reason,
    error: input.error,
    attempts: spent,
  });
  await enqueueEvent(tx, outbox, {
    event: PostTargetDeadLettered,
    tenantId: target.tenantId,
    data: { ...targetRefOf(target), reason: input.reason, error: input.error, attempts: spent },
  });
  await recomputePostStatus(tx, { tenantId: target.tenantId, postId: target.postId });
  return id;
}
