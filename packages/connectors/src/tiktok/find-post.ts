import { z } from "zod";
import {
  type AccountAccess,
  type FindPostInput,
  type FindPostResult,
  isConnectorError,
  pollUntil,
} from "../core/index";
import type { TikTokContext } from "./context";
import { readPostOptions } from "./post-options";
import { fetchPublishStatus, isTerminal, postUrl, publishedPost } from "./publish-status";
import { parseScopes } from "./token-response";

const listScope = "video.list";
/** 10 pages of 20: far more than a creator posts between an attempt and its settling */
const maxPages = 10;

const ListData = z.object({
  videos: z
    .array(
      z.object({
        id: z.string(),
        title: z.string().optional(),
        video_description: z.string().optional(),
        create_time: z.number(),
        share_url: z.string().optional(),
      }),
    )
    .default([]),
  cursor: z.number().optional(),
  has_more: z.boolean().default(false),
});

/**
 * Settles an unknown outcome. With a publish id: its status (polled to the end: complete → found, failed or
 * unknown → not_found). Without: the creator's videos since `since` (`video.list`), matched by caption; no
 * `video.list` grant, or nothing to match by → cannot_tell.
 */
export async function findTikTokPost(
  context: TikTokContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  const publishId = input.progress.publishId;
  if (publishId) return findByPublishId(context, access, { publishId, username: usernameOf(access, input) });
  return findInVideoList(context, access, input);
}

async function findByPublishId(
  context: TikTokContext,
  access: AccountAccess,
  target: { publishId: string; username: string | null },
): Promise<FindPostResult> {
  try {
    const { state, done } = await pollUntil({
      clock: context.deps.clock,
      check: () =>
        fetchPublishStatus(context.api, {
          accessToken: access.accessToken,
          publishId: target.publishId,
          operation: "find_post.status",
        }),
      done: isTerminal,
      intervalMs: context.config.pollIntervalMs,
      maxAttempts: context.config.maxPolls,
    });
    if (!done)
      return { outcome: "cannot_tell", reason: `publish ${target.publishId} is still ${state.status}` };
    if (state.status === "FAILED") return { outcome: "not_found" };
    return { outcome: "found", post: publishedPost(state, target.publishId, target.username) };
  } catch (error) {
    if (isConnectorError(error) && error.platformCode === "invalid_publish_id")
      return { outcome: "not_found" };
    throw error;
  }
}

async function findInVideoList(
  context: TikTokContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  const scope = access.connection.scope;
  if (scope !== undefined && !parseScopes(scope).includes(listScope)) {
    return {
      outcome: "cannot_tell",
      reason: `the grant lacks ${listScope}, so the creator's videos cannot be read`,
    };
  }
  const wanted = captionOf(input);
  if (!wanted)
    return { outcome: "cannot_tell", reason: "the post has no caption or title to recognise it by" };
  const sinceSeconds = Math.floor(input.since.getTime() / 1000);
  let cursor: number | undefined;
  try {
    for (let page = 0; page < maxPages; page++) {
      const { data } = await context.api.call({
        operation: "find_post.video_list",
        method: "POST",
        path: "/v2/video/list/",
        accessToken: access.accessToken,
        query: { fields: "id,title,video_description,create_time,share_url" },
        json: { max_count: 20, ...(cursor === undefined ? {} : { cursor }) },
        schema: ListData,
      });
      const recent = data.videos.filter((v) => v.create_time >= sinceSeconds);
      const match = recent.find((v) => [v.title, v.video_description].some((t) => normalize(t) === wanted));
      if (match) {
        const url = postUrl(usernameOf(access, input), match.id) ?? match.share_url ?? null;
        return { outcome: "found", post: { platformPostId: match.id, url } };
      }
      if (!data.has_more || recent.length < data.videos.length || data.cursor === undefined) break;
      cursor = data.cursor;
    }
  } catch (error) {
    if (isConnectorError(error) && error.platformCode === "scope_not_authorized") {
      return { outcome: "cannot_tell", reason: `TikTok refused ${listScope}: ${error.message}` };
    }
    throw error;
  }
  return { outcome: "not_found" };
}

/** Videos carry the text as their title; photo posts carry `options.title` and the text as description. */
function captionOf(input: FindPostInput): string {
  const isPhoto = input.post.media.length > 0 && input.post.media.every((m) => m.type === "image");
  const title = readPostOptions(input.post.options).options.title;
  return normalize(isPhoto && title ? title : input.post.text);
}

function normalize(text: string | undefined): string {
  return (text ?? "").normalize("NFC").replace(/\s+/g, " ").trim();
}

function usernameOf(access: AccountAccess, input: FindPostInput): string | null {
  return input.progress.username ?? access.account.metadata.username ?? null;
}
