import type { DeletePost, RpcResponse } from "@postd/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { posts, type TargetRow } from "../db/schema";
import { removeDeadLetterJob } from "../jobs/publish-queues";
import { dropAttempt } from "../jobs/reschedule-attempt";
import { cancellableStatuses, cancelTargets } from "./cancel-targets";
import { deletePublishedTarget, type TargetDeletion } from "./delete-published-target";
import { loadPost } from "./load-post";
import { toPostView } from "./post-view";

type Result = RpcResponse<typeof DeletePost>["results"][number];

const stillOpen: Record<string, string> = {
  publishing: "a publish is in progress; delete the post again once it has finished",
  unconfirmed:
    "the platform could not confirm whether it was published; check it there and delete it by hand",
};

/**
 * `svc.publish.delete-post`: cancels every target that has not started (and closes open dead letters), deletes
 * the published ones where the platform allows, and says for each target what happened or why not.
 */
export async function deletePost(
  ctx: PublishContext,
  input: { tenantId: string; postId: string },
): Promise<RpcResponse<typeof DeletePost>> {
  const current = await loadPost(ctx.db, input);
  const cancellable = current.targets.filter((t) =>
    (cancellableStatuses as readonly string[]).includes(t.status),
  );
  const cancelled = await ctx.db.transaction(async (tx) => {
    await tx
      .update(posts)
      .set({ deletedAt: sql`coalesce(${posts.deletedAt}, now())` })
      .where(and(eq(posts.id, input.postId)));
    return cancelTargets(tx, { ...input, targetIds: cancellable.map((t) => t.id) });
  });
  for (const target of cancelled) {
    await dropAttempt(ctx, target);
    await removeDeadLetterJobsOf(ctx, target);
  }
  const deletions = new Map<string, TargetDeletion>();
  for (const target of current.targets.filter((t) => t.status === "published")) {
    deletions.set(target.id, await deletePublishedTarget(ctx, target));
  }
  const after = await loadPost(ctx.db, input);
  ctx.logger.info(
    { postId: input.postId, cancelled: cancelled.length, deleted: deletions.size },
    "post deleted",
  );
  return {
    post: toPostView(after.post, after.targets),
    results: after.targets.map((t) => resultOf(t, deletions)),
  };
}

function resultOf(target: TargetRow, deletions: Map<string, TargetDeletion>): Result {
  const deletion = deletions.get(target.id);
  if (deletion) return { targetId: target.id, ...deletion };
  if (target.status === "cancelled" || target.status === "deleted") {
    return { targetId: target.id, outcome: target.status, detail: null };
  }
  return {
    targetId: target.id,
    outcome: "not_deleted",
    detail: stillOpen[target.status] ?? `the target is ${target.status}`,
  };
}

async function removeDeadLetterJobsOf(ctx: PublishContext, target: TargetRow): Promise<void> {
  const ids = await ctx.db.query.deadLetters.findMany({
    where: (table, { eq: equals }) => equals(table.targetId, target.id),
    columns: { id: true },
  });
  for (const { id } of ids) await removeDeadLetterJob(ctx.queues, id).catch(() => undefined);
}
