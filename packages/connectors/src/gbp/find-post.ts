import { z } from "zod";
import type { AccountAccess, FindPostInput, FindPostResult } from "../core/index";
import { gbpUrls, maxPageSizes } from "./config";
import type { GbpContext } from "./context";
import { googleRequest, parseBody } from "./google-api";
import { acceptedPost, getLocalPost, LocalPost } from "./local-post";
import { readGbpOptions } from "./post-options";
import { localPostProgressKey } from "./publish";
import { v4LocationName } from "./resource-names";

const LocalPostPage = z.object({
  localPosts: z.array(LocalPost).default([]),
  nextPageToken: z.string().optional(),
});

/** Our clock and Google's may differ a little: a post up to this much older than `since` may still be ours. */
const clockSkewMs = 2 * 60_000;
const maxPages = 10;

/**
 * Settles an unknown outcome. With a saved post name: that post (exists → found; NOT_FOUND → not_found).
 * Without: the location's local posts (100 a page), matching a post created since `since` with our topic type
 * and our text (whitespace-normalized) — and our event title for EVENT/OFFER. One match → found; none →
 * not_found; two, or nothing to recognise the post by, or more posts than we page through → cannot_tell.
 * A match Google REJECTED is reported as the policy error, like publish does.
 */
export async function findGbpPost(
  context: GbpContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  const saved = input.progress[localPostProgressKey];
  if (saved) {
    const operation = "find_post.get";
    const post = await getLocalPost(context, { accessToken: access.accessToken, name: saved, operation });
    return post ? { outcome: "found", post: acceptedPost(post, operation) } : { outcome: "not_found" };
  }
  const options = readGbpOptions(input.post.options);
  const wanted = {
    summary: normalize(input.post.text),
    title: options.event ? normalize(options.event.title) : "",
    topicType: options.topicType ?? "STANDARD",
    since: input.since.getTime() - clockSkewMs,
  };
  if (!wanted.summary && !wanted.title) {
    return { outcome: "cannot_tell", reason: "the post has no text or event title to recognise it by" };
  }
  return searchRecentPosts(context, access, wanted);
}

interface Wanted {
  summary: string;
  title: string;
  topicType: string;
  since: number;
}

async function searchRecentPosts(
  context: GbpContext,
  access: AccountAccess,
  wanted: Wanted,
): Promise<FindPostResult> {
  const operation = "find_post.list";
  const parent = v4LocationName(access.account, operation);
  const matches: LocalPost[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < maxPages; page++) {
    const response = await googleRequest(context, {
      operation,
      method: "GET",
      url: `${gbpUrls.v4}/${parent}/localPosts`,
      query: { pageSize: maxPageSizes.localPosts, pageToken },
      accessToken: access.accessToken,
    });
    const body = parseBody(LocalPostPage, response, { operation });
    matches.push(...body.localPosts.filter((post) => isOurs(post, wanted)));
    pageToken = body.nextPageToken || undefined;
    const allOlder = body.localPosts.every((post) => createdAt(post) < wanted.since);
    if (!pageToken || allOlder) return settle(matches, operation);
  }
  return {
    outcome: "cannot_tell",
    reason: `more than ${maxPages * maxPageSizes.localPosts} local posts to look through`,
  };
}

function settle(matches: LocalPost[], operation: string): FindPostResult {
  const [only, ...others] = matches;
  if (!only) return { outcome: "not_found" };
  if (others.length > 0) {
    return { outcome: "cannot_tell", reason: `${matches.length} recent local posts match this content` };
  }
  return { outcome: "found", post: acceptedPost(only, operation) };
}

function isOurs(post: LocalPost, wanted: Wanted): boolean {
  if (createdAt(post) < wanted.since) return false;
  if ((post.topicType ?? "STANDARD") !== wanted.topicType) return false;
  if (normalize(post.summary) !== wanted.summary) return false;
  return !wanted.title || normalize(post.event?.title) === wanted.title;
}

function createdAt(post: LocalPost): number {
  const time = Date.parse(post.createTime ?? "");
  return Number.isNaN(time) ? 0 : time;
}

function normalize(text: string | undefined): string {
  return (text ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
}
