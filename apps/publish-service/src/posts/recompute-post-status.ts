import type { PostStatus } from "@postd/contracts";
import type { DrizzleTransaction } from "@postd/service-kit";
import { and, eq, sql } from "drizzle-orm";
import { posts, type Tables, targets } from "../db/schema";
import { postStatusOf } from "./post-status";

/**
 * Sets a post's status from its targets', inside the transaction that changed a target. The post row is locked
 * first, so two targets of one post finishing together compute in turn and the second sees the first.
 */
export async function recomputePostStatus(
  tx: DrizzleTransaction<Tables>,
  input: { tenantId: string; postId: string },
): Promise<PostStatus> {
  const [post] = await tx
    .select({ status: posts.status })
    .from(posts)
    .where(and(eq(posts.id, input.postId), eq(posts.tenantId, input.tenantId)))
    .for("update");
  if (!post) throw new Error(`post ${input.postId} vanished while one of its targets changed`);
  const rows = await tx
    .select({ status: targets.status })
    .from(targets)
    .where(and(eq(targets.postId, input.postId), eq(targets.tenantId, input.tenantId)));
  const status = postStatusOf(rows.map((row) => row.status));
  if (status !== post.status) {
    await tx.update(posts).set({ status, updatedAt: sql`now()` }).where(eq(posts.id, input.postId));
  }
  return status;
}
