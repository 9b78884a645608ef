import type { PublishedPost } from "../core/index";
import type { InstagramCall } from "./instagram-containers";
import { MediaList, Permalink } from "./schemas";

export interface ListedMedia {
  id: string;
  caption?: string | undefined;
  timestamp?: string | undefined;
  permalink?: string | undefined;
}

/** A published media's permalink; the post is out whatever happens here, so a failed read leaves the URL null. */
export async function publishedMedia(call: InstagramCall, mediaId: string): Promise<PublishedPost> {
  try {
    const answer = await readPermalink(call, mediaId);
    return { platformPostId: mediaId, url: answer.permalink ?? null };
  } catch {
    return { platformPostId: mediaId, url: null };
  }
}

export async function readPermalink(call: InstagramCall, mediaId: string) {
  return call.ctx.graph.call({
    operation: "publish.read_permalink",
    method: "GET",
    path: `/${mediaId}`,
    token: call.token,
    query: { fields: "permalink" },
    schema: Permalink,
  });
}

/** The account's media published since a time, newest first, up to `maxPages` pages. */
export async function listMediaSince(
  call: InstagramCall,
  options: { since: Date; fields: string; operation: string; maxPages?: number },
): Promise<ListedMedia[]> {
  const media: ListedMedia[] = [];
  let next: string | undefined;
  for (let round = 0; round < (options.maxPages ?? 4); round++) {
    const answer = await call.ctx.graph.call({
      operation: options.operation,
      method: "GET",
      path: next ?? `/${call.igUserId}/media`,
      token: call.token,
      ...(next
        ? {}
        : {
            query: { fields: options.fields, since: Math.floor(options.since.getTime() / 1000), limit: 50 },
          }),
      schema: MediaList,
    });
    media.push(...answer.data);
    next = answer.paging?.next;
    if (!next || answer.data.length === 0) break;
  }
  return media;
}

/** Graph writes `2026-08-01T12:00:00+0000`; some parsers want the offset's colon. */
export function parseGraphTimestamp(value: string | undefined): number | null {
  if (!value) return null;
  const parsed = Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(parsed) ? null : parsed;
}
