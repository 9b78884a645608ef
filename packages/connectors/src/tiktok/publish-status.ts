import { z } from "zod";
import { type ConnectorDeps, ConnectorError, type PublishedPost, pollUntil } from "../core/index";
import type { TikTokConfig } from "./config";
import type { TikTokApi } from "./tiktok-api";

const StatusData = z.object({
  status: z.string(),
  fail_reason: z.string().optional(),
  publicaly_available_post_id: z.array(z.union([z.string(), z.number()])).optional(),
  uploaded_bytes: z.number().optional(),
  downloaded_bytes: z.number().optional(),
});

export interface PublishStatus {
  status: string;
  failReason: string;
  /** TikTok's post ids, as strings read from the raw body: they are int64 and would lose digits as numbers */
  postIds: string[];
  uploadedBytes: number | null;
}

const terminal = new Set(["PUBLISH_COMPLETE", "FAILED", "SEND_TO_USER_INBOX"]);

export function isTerminal(status: PublishStatus): boolean {
  return terminal.has(status.status);
}

/** `POST /v2/post/publish/status/fetch/` (30/min per token). */
export async function fetchPublishStatus(
  api: TikTokApi,
  input: { accessToken: string; publishId: string; operation: string; signal?: AbortSignal },
): Promise<PublishStatus> {
  const { data, response } = await api.call({
    operation: input.operation,
    method: "POST",
    path: "/v2/post/publish/status/fetch/",
    accessToken: input.accessToken,
    json: { publish_id: input.publishId },
    schema: StatusData,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return {
    status: data.status,
    failReason: data.fail_reason ?? "",
    postIds: readPostIds(response.text),
    uploadedBytes: data.uploaded_bytes ?? null,
  };
}

/** Polls until PUBLISH_COMPLETE or FAILED; out of polls is transient (the publish id is saved: a retry resumes). */
export async function pollPublishStatus(
  context: { api: TikTokApi; deps: ConnectorDeps; config: TikTokConfig },
  input: { accessToken: string; publishId: string; operation: string; signal?: AbortSignal },
): Promise<PublishStatus> {
  const { state, done } = await pollUntil({
    clock: context.deps.clock,
    check: () => fetchPublishStatus(context.api, input),
    done: isTerminal,
    intervalMs: context.config.pollIntervalMs,
    maxAttempts: context.config.maxPolls,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  if (done) return state;
  throw new ConnectorError({
    kind: "transient",
    platform: "tiktok",
    platformCode: "publish_pending",
    message: `${input.operation}: publish ${input.publishId} still ${state.status} after ${context.config.maxPolls} polls`,
  });
}

/**
 * The post a completed publish made. Its id is the first `publicaly_available_post_id`; a post not (yet) public
 * (moderation, SELF_ONLY) has none, and the publish id stands in. The URL is built only from a real post id and a
 * known username: `https://www.tiktok.com/@{username}/video/{id}`.
 */
export function publishedPost(
  status: PublishStatus,
  publishId: string,
  username: string | null,
): PublishedPost {
  const postId = status.postIds[0];
  if (!postId) return { platformPostId: publishId, url: null };
  return { platformPostId: postId, url: postUrl(username, postId) };
}

export function postUrl(username: string | null, postId: string): string | null {
  return username ? `https://www.tiktok.com/@${encodeURIComponent(username)}/video/${postId}` : null;
}

function readPostIds(text: string): string[] {
  const match = /"publicaly_available_post_id"\s*:\s*\[([^\]]*)\]/.exec(text);
  if (!match?.[1]) return [];
  return match[1]
    .split(",")
    .map((part) => part.trim().replace(/^"(.*)"$/, "$1"))
    .filter((id) => /^\d+$/.test(id));
}
