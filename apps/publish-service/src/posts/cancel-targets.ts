import { PostCancelled } from "@postd/contracts";
import { type DrizzleTransaction, enqueueEvent } from "@postd/service-kit";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { deadLetters, outbox, type Tables, type TargetRow, targets } from "../db/schema";
import { recomputePostStatus } from "./recompute-post-status";

/** What a cancellation may stop: waiting targets, and dead letters nobody will replay now. */
export const cancellableStatuses = ["scheduled", "queued", "retrying", "dead_lettered", "failed"] as const;

/**
 * Cancels the given targets of one post that are still cancellable (a target that started meanwhile is left),
 * closes their open dead letters, emits `post.cancelled.v1` and updates the post — in the caller's transaction.
 * Idempotent: cancelling again changes nothing and emits nothing.
 */
export async function cancelTargets(
  tx: DrizzleTransaction<Tables>,
  input: {
    tenantId: string;
    postId: string;
    targetIds: readonly string[];
    statuses?: readonly TargetRow["status"][];
  },
): Promise<TargetRow[]> {
  if (input.targetIds.length === 0) return [];
  const cancelled = await tx
    .update(targets)
    .set({
      status: "cancelled",
      nextAttemptAt: null,
      updatedAt: sql`now()`,
      version: sql`${targets.version} + 1`,
    })
    .where(
      and(
        eq(targets.tenantId, input.tenantId),
        eq(targets.postId, input.postId),
        inArray(targets.id, [...input.targetIds]),
        inArray(targets.status, [...(input.statuses ?? cancellableStatuses)]),
      ),
    )
    .returning();
  if (cancelled.length === 0) return [];
  const ids = cancelled.map((row) => row.id);
  await tx
    .update(deadLetters)
    .set({ discardedAt: sql`now()` })
    .where(
      and(
        inArray(deadLetters.targetId, ids),
        isNull(deadLetters.replayedAt),
        isNull(deadLetters.discardedAt),
      ),
    );
  await enqueueEvent(tx, outbox, {
    event: PostCancelled,
    tenantId: input.tenantId,
    data: { postId: input.postId, targetIds: ids },
  });
  await recomputePostStatus(tx, input);
  return cancelled;
}
