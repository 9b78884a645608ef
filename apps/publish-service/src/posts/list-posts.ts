import type { ListPosts, Platform, PostStatus, RpcResponse } from "@postd/contracts";
import { and, desc, eq, exists, inArray, lt, type SQL } from "drizzle-orm";
import type { PublishContext } from "../context";
import { posts, type TargetRow, targets } from "../db/schema";
import { snapshot } from "./load-post";
import { toPostView } from "./post-view";

/**
 * `svc.publish.list-posts`: newest first. Ids are time-ordered, so the cursor is the last id of the page
 * (`id < cursor`); filters by post status and by a target's platform.
 */
export async function listPosts(
  ctx: PublishContext,
  input: { tenantId: string; status?: PostStatus; platform?: Platform; cursor?: string; limit: number },
): Promise<RpcResponse<typeof ListPosts>> {
  const conditions: SQL[] = [eq(posts.tenantId, input.tenantId)];
  if (input.cursor) conditions.push(lt(posts.id, input.cursor));
  if (input.status) conditions.push(eq(posts.status, input.status));
  if (input.platform) {
    conditions.push(
      exists(
        ctx.db
          .select({ id: targets.id })
          .from(targets)
          .where(and(eq(targets.postId, posts.id), eq(targets.platform, input.platform))),
      ),
    );
  }
  return ctx.db.transaction(async (tx) => {
    const page = await tx
      .select()
      .from(posts)
      .where(and(...conditions))
      .orderBy(desc(posts.id))
      .limit(input.limit + 1);
    const shown = page.slice(0, input.limit);
    const rows =
      shown.length === 0
        ? []
        : await tx
            .select()
            .from(targets)
            .where(
              and(
                eq(targets.tenantId, input.tenantId),
                inArray(
                  targets.postId,
                  shown.map((post) => post.id),
                ),
              ),
            );
    const byPost = new Map<string, TargetRow[]>();
    for (const row of rows) byPost.set(row.postId, [...(byPost.get(row.postId) ?? []), row]);
    return {
      data: shown.map((post) => toPostView(post, byPost.get(post.id) ?? [])),
      nextCursor: page.length > input.limit ? (shown.at(-1)?.id ?? null) : null,
    };
  }, snapshot);
}
