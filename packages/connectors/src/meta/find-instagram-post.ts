import { type AccountAccess, type FindPostInput, type FindPostResult, isConnectorError } from "../core/index";
import type { MetaContext } from "./context";
import { type InstagramCall, readContainer } from "./instagram-containers";
import { listMediaSince, readPermalink } from "./instagram-media";
import { clockSkewMs, matchingByText } from "./match-content";
import { progressKeys } from "./progress";

/**
 * Instagram: a saved media id settles it; a saved container that is not PUBLISHED means nothing was published;
 * a PUBLISHED one (or no progress at all) is looked up among the account's media since our first attempt.
 */
export async function findInstagramPost(
  ctx: MetaContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  const call: InstagramCall = { ctx, igUserId: access.account.externalId, token: access.accessToken };
  const mediaId = input.progress[progressKeys.instagramMedia];
  if (mediaId) {
    try {
      const answer = await readPermalink(call, mediaId);
      return { outcome: "found", post: { platformPostId: mediaId, url: answer.permalink ?? null } };
    } catch (error) {
      if (isConnectorError(error) && error.kind === "invalid_request") return { outcome: "not_found" };
      throw error;
    }
  }
  const containerId = input.progress[progressKeys.instagramContainer];
  if (containerId) {
    const status = await containerStatusOrNull(call, containerId);
    if (status !== null && status !== "PUBLISHED") return { outcome: "not_found" };
  }
  return findByCaption(call, input, containerId);
}

/** Among the account's media since our first attempt, the one with our caption. */
async function findByCaption(
  call: InstagramCall,
  input: FindPostInput,
  publishedContainer: string | undefined,
): Promise<FindPostResult> {
  if (!input.post.text.trim()) {
    return {
      outcome: "cannot_tell",
      reason: "Instagram media without a caption cannot be told apart from others",
    };
  }
  const media = await listMediaSince(call, {
    since: new Date(input.since.getTime() - clockSkewMs),
    fields: "id,caption,timestamp,permalink",
    operation: "find.list_media",
  });
  const matches = matchingByText(
    media.map((m) => ({ ...m, text: m.caption, time: m.timestamp })),
    input.post.text,
    input.since,
  );
  const [match] = matches;
  if (matches.length > 1) {
    return {
      outcome: "cannot_tell",
      reason: `${matches.length} Instagram media since ${input.since.toISOString()} have this caption`,
    };
  }
  if (match) return { outcome: "found", post: { platformPostId: match.id, url: match.permalink ?? null } };
  // A published container whose media we cannot see: something is out there, but not provably ours.
  return publishedContainer
    ? {
        outcome: "cannot_tell",
        reason: `container ${publishedContainer} is published but no media has its caption`,
      }
    : { outcome: "not_found" };
}

/** The container's status, or null when Graph no longer knows it (containers are dropped after a while). */
async function containerStatusOrNull(call: InstagramCall, containerId: string): Promise<string | null> {
  try {
    return (await readContainer(call, containerId)).status_code;
  } catch (error) {
    if (isConnectorError(error) && error.kind === "invalid_request") return null;
    throw error;
  }
}
