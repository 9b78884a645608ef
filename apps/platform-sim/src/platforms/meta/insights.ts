import { GraphError, graphErrors } from "./graph-error";
import type { GraphObject } from "./graph-objects";
import { graphTime } from "./graph-params";
import { type GraphInput, requireGranted } from "./graph-route";
import type { InstagramMediaRecord } from "./world";

const pageMetrics = new Set([
  "page_media_view",
  "page_total_media_view_unique",
  "page_post_engagements",
  "page_follows",
  "page_daily_follows",
]);
const postMetrics = new Set([
  "post_media_view",
  "post_total_media_view_unique",
  "post_reactions_by_type_total",
  "post_clicks",
  "post_clicks_by_type",
]);
const mediaMetrics = new Set([
  "views",
  "reach",
  "likes",
  "comments",
  "saved",
  "shares",
  "total_interactions",
  "follows",
  "profile_visits",
  "profile_activity",
  "reposts",
  "replies",
  "navigation",
]);
/** Metrics a story has no value for (and the one only stories have). */
const notForStories = new Set([
  "likes",
  "comments",
  "saved",
  "follows",
  "profile_visits",
  "profile_activity",
  "reposts",
]);

/**
 * `/{id}/insights` with the current metric names only: every deprecated name (`post_impressions*`,
 * `page_impressions*`, IG `impressions`, `plays`, `video_views`, …) is refused the way Graph refuses it.
 */
export function objectInsights(input: GraphInput, object: GraphObject) {
  const metrics = (input.params.metric ?? "")
    .split(",")
    .map((m) => m.trim())
    .filter(Boolean);
  if (metrics.length === 0) {
    throw new GraphError({
      message: "(#100) The parameter metric is required",
      code: 3001,
      error_subcode: 1504028,
    });
  }
  if (object.type === "post" || object.type === "page") return facebookInsights(input, object, metrics);
  if (object.type === "media") return mediaInsights(input, object.media, metrics);
  throw graphErrors.unknownPath("/insights");
}

function facebookInsights(
  input: GraphInput,
  object: Extract<GraphObject, { type: "post" | "page" }>,
  metrics: string[],
) {
  requireGranted(input.caller, ["read_insights"], () =>
    graphErrors.permission(10, "This endpoint requires the 'read_insights' permission"),
  );
  const valid = object.type === "post" ? postMetrics : pageMetrics;
  const id = object.type === "post" ? object.post.id : object.page.id;
  for (const metric of metrics) if (!valid.has(metric)) throw invalidMetric(metric);
  const period = object.type === "post" ? "lifetime" : (input.params.period ?? "day");
  return { data: metrics.map((name) => entry(id, name, period, facebookValue(id, name))) };
}

function mediaInsights(input: GraphInput, media: InstagramMediaRecord, metrics: string[]) {
  requireGranted(input.caller, ["instagram_manage_insights"], () =>
    graphErrors.permission(10, "Application does not have permission for this action"),
  );
  if (media.parentId !== null)
    throw graphErrors.invalidParameter("Insights are not available for carousel children");
  const story = media.productType === "STORY";
  for (const metric of metrics) {
    if (!mediaMetrics.has(metric)) throw invalidMetric(metric);
    if ((story && notForStories.has(metric)) || (!story && metric === "replies")) {
      throw graphErrors.invalidParameter(
        `The Media Insights API does not support the ${metric} metric for this media product type.`,
      );
    }
  }
  const value = (name: string) => Number(media.id.slice(-3)) + name.length;
  return { data: metrics.map((name) => entry(media.id, name, "lifetime", value(name))) };
}

function invalidMetric(metric: string): GraphError {
  return graphErrors.invalidParameter(`The value must be a valid insights metric (${metric})`);
}

function facebookValue(id: string, name: string): unknown {
  const seed = Number(id.slice(-3)) + name.length;
  if (name === "post_reactions_by_type_total") return { like: seed % 11, love: seed % 4, wow: 1 };
  if (name === "post_clicks_by_type") return { "link clicks": seed % 9, "other clicks": seed % 6 };
  return seed * 3;
}

function entry(id: string, name: string, period: string, value: unknown) {
  return {
    name,
    period,
    values: [{ value, ...(period === "lifetime" ? {} : { end_time: graphTime(Date.now()) }) }],
    title: name.replaceAll("_", " "),
    description: `Lifetime: ${name.replaceAll("_", " ")}`,
    id: `${id}/insights/${name}/${period}`,
  };
}
