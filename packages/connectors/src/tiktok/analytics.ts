import { z } from "zod";
import { type AccountAccess, ConnectorError, type PostMetrics } from "../core/index";
import type { TikTokApi } from "./tiktok-api";

const QueryData = z.object({
  videos: z
    .array(
      z.object({
        id: z.string(),
        like_count: z.number().optional(),
        comment_count: z.number().optional(),
        share_count: z.number().optional(),
        view_count: z.number().optional(),
      }),
    )
    .default([]),
});

/** `POST /v2/video/query/` for one video the creator owns (`video.list`). Only public post ids can be queried. */
export async function getTikTokPostAnalytics(
  api: TikTokApi,
  access: AccountAccess,
  platformPostId: string,
): Promise<PostMetrics> {
  if (!/^\d+$/.test(platformPostId)) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "tiktok",
      platformCode: "not_a_video_id",
      message: `analytics.video_query: ${platformPostId} is a publish id, not a video id (the post is not public yet)`,
    });
  }
  const { data } = await api.call({
    operation: "analytics.video_query",
    method: "POST",
    path: "/v2/video/query/",
    accessToken: access.accessToken,
    query: { fields: "id,like_count,comment_count,share_count,view_count" },
    json: { filters: { video_ids: [platformPostId] } },
    schema: QueryData,
  });
  const video = data.videos.find((v) => v.id === platformPostId);
  if (!video) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "tiktok",
      platformCode: "video_not_found",
      message: `analytics.video_query: video ${platformPostId} is not among the creator's videos`,
    });
  }
  const metrics: PostMetrics = {};
  if (video.view_count !== undefined) metrics.views = video.view_count;
  if (video.like_count !== undefined) metrics.likes = video.like_count;
  if (video.comment_count !== undefined) metrics.comments = video.comment_count;
  if (video.share_count !== undefined) metrics.shares = video.share_count;
  return metrics;
}
