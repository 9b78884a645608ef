import { z } from "zod";
import { type AccountAccess, type FindPostInput, type FindPostResult, isConnectorError } from "../core/index";
import { defaultPageSize } from "./config";
import type { LinkedInContext } from "./context";
import { escapeLittleText } from "./little-text";
import { postUrl } from "./publish";
import { savedMediaUrns } from "./publish-media";
import { parseBody, restRequest } from "./rest-request";

const ListedPost = z.looseObject({
  id: z.string(),
  commentary: z.string().optional(),
  createdAt: z.number().optional(),
  lastModifiedAt: z.number().optional(),
  content: z
    .looseObject({
      media: z.looseObject({ id: z.string() }).optional(),
      multiImage: z.looseObject({ images: z.array(z.looseObject({ id: z.string() })) }).optional(),
      article: z.looseObject({ source: z.string() }).optional(),
    })
    .optional(),
});
type ListedPost = z.infer<typeof ListedPost>;
const PostPage = z.object({ elements: z.array(ListedPost) });

/** Our clock and LinkedIn's may differ a little: a post up to this much older than `since` may still be ours. */
const clockSkewMs = 2 * 60_000;
const maxPages = 5;

/**
 * Settles an unknown outcome from the author's recent posts (`q=author`, newest first). A post carrying a media
 * URN a previous attempt saved is ours; without saved media, a post created since `since` whose commentary is
 * exactly our escaped text (and, for a link post, whose article is our link). Two such posts, a listing LinkedIn
 * refuses (a member's posts need the restricted r_member_social scope), or more recent posts than we page
 * through → cannot_tell.
 */
export async function findLinkedInPost(
  context: LinkedInContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  const mediaUrns = savedMediaUrns(input.progress);
  const since = input.since.getTime() - clockSkewMs;
  const count = context.config.pageSize ?? defaultPageSize;
  const candidates: ListedPost[] = [];
  for (let page = 0; page < maxPages; page++) {
    const posts = await listPosts(context, access, { start: page * count, count });
    if (posts === "forbidden") {
      return {
        outcome: "cannot_tell",
        reason: "LinkedIn refuses to list this author's posts (ACCESS_DENIED)",
      };
    }
    for (const post of posts) {
      if (mediaUrns.length > 0 ? carriesMedia(post, mediaUrns) : matchesContent(post, input, since)) {
        candidates.push(post);
      }
    }
    const reachedOlder = posts.some((post) => (post.lastModifiedAt ?? post.createdAt ?? 0) < since);
    if (posts.length < count || reachedOlder) return settle(candidates);
  }
  return {
    outcome: "cannot_tell",
    reason: `more than ${maxPages * count} posts changed since the first attempt`,
  };
}

function settle(candidates: ListedPost[]): FindPostResult {
  const [only, ...others] = candidates;
  if (!only) return { outcome: "not_found" };
  if (others.length > 0) {
    return { outcome: "cannot_tell", reason: `${candidates.length} recent posts match this content` };
  }
  return { outcome: "found", post: { platformPostId: only.id, url: postUrl(only.id) } };
}

async function listPosts(
  context: LinkedInContext,
  access: AccountAccess,
  page: { start: number; count: number },
): Promise<ListedPost[] | "forbidden"> {
  const operation = "find_post.list";
  try {
    const response = await restRequest(context, {
      operation,
      method: "GET",
      path: "/rest/posts",
      query: { q: "author", author: access.account.externalId, ...page, sortBy: "LAST_MODIFIED" },
      accessToken: access.accessToken,
      restliMethod: "FINDER",
    });
    return parseBody(PostPage, response, operation).elements;
  } catch (error) {
    if (isConnectorError(error) && error.kind === "permission_denied") return "forbidden";
    throw error;
  }
}

function carriesMedia(post: ListedPost, urns: string[]): boolean {
  const ids = [post.content?.media?.id, ...(post.content?.multiImage?.images.map((image) => image.id) ?? [])];
  return ids.some((id) => id !== undefined && urns.includes(id));
}

function matchesContent(post: ListedPost, input: FindPostInput, since: number): boolean {
  if ((post.createdAt ?? 0) < since) return false;
  if ((post.commentary ?? "") !== escapeLittleText(input.post.text)) return false;
  return input.post.link === undefined || post.content?.article?.source === input.post.link;
}
