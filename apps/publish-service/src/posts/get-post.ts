import type { PostView } from "@postd/contracts";
import type { PublishContext } from "../context";
import { loadPost } from "./load-post";
import { toPostView } from "./post-view";

/** `svc.publish.get-post`: one post with every target. */
export async function getPost(
  ctx: PublishContext,
  input: { tenantId: string; postId: string },
): Promise<PostView> {
  const { post, targets } = await loadPost(ctx.db, input);
  return toPostView(post, targets);
}
