import type { RpcServer } from "@postd/service-kit";
import type { ContextFor } from "./context-for";
import { handleCreatePost } from "./create-post.handler";
import { handleDeletePost } from "./delete-post.handler";
import { handleDiscardDeadLetter } from "./discard-dead-letter.handler";
import { handleGetPost } from "./get-post.handler";
import { handleListDeadLetters } from "./list-dead-letters.handler";
import { handleListPosts } from "./list-posts.handler";
import { handleGetPostAnalytics } from "./post-analytics.handler";
import { handleReplayDeadLetter } from "./replay-dead-letter.handler";
import { handleUpdatePost } from "./update-post.handler";
import { handleValidatePost } from "./validate-post.handler";

/** Every `svc.publish.*` verb (the api role). */
export function registerPublishRpcs(rpc: RpcServer, contextFor: ContextFor): void {
  for (const register of [
    handleCreatePost,
    handleValidatePost,
    handleListPosts,
    handleGetPost,
    handleUpdatePost,
    handleDeletePost,
    handleGetPostAnalytics,
    handleListDeadLetters,
    handleReplayDeadLetter,
    handleDiscardDeadLetter,
  ]) {
    register(rpc, contextFor);
  }
}
