import { type AccountAccess, type FindPostInput, type FindPostResult, isConnectorError } from "../core/index";
import type { MetaContext } from "./context";
import { findInstagramPost } from "./find-instagram-post";
import { matchingByText } from "./match-content";
import { progressKeys } from "./progress";
import { facebookUrl } from "./publish-facebook";
import { Created, FacebookPostList } from "./schemas";

/**
 * Settles an unknown outcome. Progress ids first; else the account's posts since our first attempt, matched by
 * text. Several matches, or a post without text to match, is `cannot_tell`: never a guess.
 */
export async function findPost(
  ctx: MetaContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  if (access.account.kind === "instagram_account") return findInstagramPost(ctx, access, input);
  return findFacebookPost(ctx, access, input);
}

async function findFacebookPost(
  ctx: MetaContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  const saved = input.progress[progressKeys.facebookPost];
  if (saved) {
    try {
      await ctx.graph.call({
        operation: "find.read_post",
        method: "GET",
        path: `/${saved}`,
        token: access.accessToken,
        query: { fields: "id" },
        schema: Created,
      });
      return {
        outcome: "found",
        post: { platformPostId: saved, url: input.progress[progressKeys.facebookUrl] ?? facebookUrl(saved) },
      };
    } catch (error) {
      if (isConnectorError(error) && error.kind === "invalid_request") return { outcome: "not_found" };
      throw error;
    }
  }
  if (!input.post.text.trim()) {
    return {
      outcome: "cannot_tell",
      reason: "a Facebook post without text cannot be told apart from others",
    };
  }
  const posts = await listPagePosts(ctx, access, input.since);
  const matches = matchingByText(
    posts.map((p) => ({ ...p, text: p.message, time: p.created_time })),
    input.post.text,
    input.since,
  );
  const [match] = matches;
  if (matches.length > 1)
    return {
      outcome: "cannot_tell",
      reason: `${matches.length} Page posts since ${input.since.toISOString()} have this text`,
    };
  if (!match) return { outcome: "not_found" };
  return { outcome: "found", post: { platformPostId: match.id, url: facebookUrl(match.id) } };
}

async function listPagePosts(ctx: MetaContext, access: AccountAccess, since: Date) {
  const posts: Array<{ id: string; message?: string | undefined; created_time?: string | undefined }> = [];
  let next: string | undefined;
  for (let round = 0; round < 4; round++) {
    const answer = await ctx.graph.call({
      operation: "find.list_page_posts",
      method: "GET",
      path: next ?? `/${access.account.externalId}/published_posts`,
      token: access.accessToken,
      ...(next
        ? {}
        : {
            query: {
              fields: "id,message,created_time,permalink_url",
              since: Math.floor(since.getTime() / 1000) - 120,
              limit: 50,
            },
          }),
      schema: FacebookPostList,
    });
    posts.push(...answer.data);
    next = answer.paging?.next;
    if (!next || answer.data.length === 0) break;
  }
  return posts;
}
