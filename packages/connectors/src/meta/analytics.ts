import { z } from "zod";
import type { AccountAccess, PostMetrics } from "../core/index";
import type { MetaContext } from "./context";
import { Insights } from "./schemas";

/** Current post metrics only: `post_impressions*` and the like were retired and are never asked for. */
export const facebookPostMetrics = [
  "post_media_view",
  "post_total_media_view_unique",
  "post_reactions_by_type_total",
  "post_clicks",
] as const;

export const instagramMediaMetrics = [
  "views",
  "reach",
  "likes",
  "comments",
  "saved",
  "shares",
  "total_interactions",
] as const;
/** Stories have no likes, comments or saves. */
export const instagramStoryMetrics = ["views", "reach", "shares", "total_interactions"] as const;

const Engagement = z.object({
  comments: z.object({ summary: z.object({ total_count: z.coerce.number() }).optional() }).optional(),
  shares: z.object({ count: z.coerce.number() }).optional(),
});
const ProductType = z.object({ media_product_type: z.string().optional() });

export async function getPostAnalytics(
  ctx: MetaContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<PostMetrics> {
  if (access.account.kind === "instagram_account") return instagramMetrics(ctx, access, platformPostId);
  return facebookMetrics(ctx, access, platformPostId);
}

/**
 * Page post insights plus comment and share counts. A video id (what `/videos` answers) is read through its
 * Page post `{page-id}_{video-id}` (unconfirmed naming; Graph's usual one for Page videos).
 */
async function facebookMetrics(ctx: MetaContext, access: AccountAccess, id: string): Promise<PostMetrics> {
  const postId = id.includes("_") ? id : `${access.account.externalId}_${id}`;
  const insights = await ctx.graph.call({
    operation: "analytics.facebook_insights",
    method: "GET",
    path: `/${postId}/insights`,
    token: access.accessToken,
    query: { metric: facebookPostMetrics.join(",") },
    schema: Insights,
  });
  const engagement = await ctx.graph.call({
    operation: "analytics.facebook_engagement",
    method: "GET",
    path: `/${postId}`,
    token: access.accessToken,
    query: { fields: "comments.summary(true).limit(0),shares" },
    schema: Engagement,
  });
  const values = valuesOf(insights);
  return compact({
    views: numberOf(values.post_media_view),
    reach: numberOf(values.post_total_media_view_unique),
    likes: sumOf(values.post_reactions_by_type_total),
    clicks: numberOf(values.post_clicks),
    comments: engagement.comments?.summary?.total_count,
    // Graph leaves `shares` out when nothing was shared.
    shares: engagement.shares?.count ?? 0,
  });
}

async function instagramMetrics(ctx: MetaContext, access: AccountAccess, id: string): Promise<PostMetrics> {
  const media = await ctx.graph.call({
    operation: "analytics.instagram_media",
    method: "GET",
    path: `/${id}`,
    token: access.accessToken,
    query: { fields: "media_product_type" },
    schema: ProductType,
  });
  const metrics = media.media_product_type === "STORY" ? instagramStoryMetrics : instagramMediaMetrics;
  const insights = await ctx.graph.call({
    operation: "analytics.instagram_insights",
    method: "GET",
    path: `/${id}/insights`,
    token: access.accessToken,
    query: { metric: metrics.join(",") },
    schema: Insights,
  });
  const values = valuesOf(insights);
  return compact({
    views: numberOf(values.views),
    reach: numberOf(values.reach),
    likes: numberOf(values.likes),
    comments: numberOf(values.comments),
    saves: numberOf(values.saved),
    shares: numberOf(values.shares),
  });
}

function valuesOf(insights: z.infer<typeof Insights>): Record<string, unknown> {
  return Object.fromEntries(insights.data.map((metric) => [metric.name, metric.values?.[0]?.value]));
}

function numberOf(value: unknown): number | undefined {
  const number = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** `post_reactions_by_type_total` is `{like: n, love: n, …}`: every reaction counts as a like. */
function sumOf(value: unknown): number | undefined {
  if (!value || typeof value !== "object") return numberOf(value);
  return Object.values(value).reduce<number>((sum, n) => sum + (numberOf(n) ?? 0), 0);
}

function compact(metrics: Partial<Record<keyof PostMetrics, number | undefined>>): PostMetrics {
  return Object.fromEntries(
    Object.entries(metrics).filter(([, value]) => value !== undefined),
  ) as PostMetrics;
}
