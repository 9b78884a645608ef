import { type DrizzleDatabase, notFound } from "@postd/service-kit";
import { and, eq } from "drizzle-orm";
import { type PostRow, posts, type Tables, type TargetRow, targets } from "../db/schema";

/** One snapshot for reads of a post and its targets, so the post's status always agrees with its targets'. */
export const snapshot = { isolationLevel: "repeatable read", accessMode: "read only" } as const;

/** A tenant's post with its targets; another tenant's id is NOT_FOUND exactly like a missing one. */
export async function loadPost(
  db: DrizzleDatabase<Tables>,
  input: { tenantId: string; postId: string },
): Promise<{ post: PostRow; targets: TargetRow[] }> {
  return db.transaction(async (tx) => {
    const [post] = await tx
      .select()
      .from(posts)
      .where(and(eq(posts.id, input.postId), eq(posts.tenantId, input.tenantId)));
    if (!post) throw notFound(`post ${input.postId}`);
    const rows = await tx
      .select()
      .from(targets)
      .where(and(eq(targets.postId, post.id), eq(targets.tenantId, input.tenantId)));
    return { post, targets: rows };
  }, snapshot);
}
