import { z } from "zod";
import { type AccountAccess, ConnectorError, type PostMetrics } from "../core/index";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";
import { googleRequest, parseBody } from "./google-api";
import { getLocalPost } from "./local-post";
import { parseLocalPostName } from "./resource-names";

export const impressionMetrics = [
  "BUSINESS_IMPRESSIONS_DESKTOP_MAPS",
  "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH",
  "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
  "BUSINESS_IMPRESSIONS_MOBILE_SEARCH",
] as const;
export const clickMetrics = ["WEBSITE_CLICKS", "CALL_CLICKS", "BUSINESS_DIRECTION_REQUESTS"] as const;

const TimeSeries = z.object({
  multiDailyMetricTimeSeries: z
    .array(
      z.looseObject({
        dailyMetricTimeSeries: z
          .array(
            z.looseObject({
              dailyMetric: z.string(),
              timeSeries: z
                .looseObject({
                  datedValues: z.array(z.looseObject({ value: z.string().optional() })).default([]),
                })
                .optional(),
            }),
          )
          .default([]),
      }),
    )
    .default([]),
});

/** The Performance API serves about 18 months back; an older post is measured over the last 18 months. */
const maxRangeDays = 540;
const dayMs = 86_400_000;

/**
 * Per-post insights (v4 `reportInsights`) are deprecated or gone, so these are the post's LOCATION's numbers over
 * the post's lifetime (from its creation day to today, UTC), not the post's own: impressions = the four
 * BUSINESS_IMPRESSIONS_* series, clicks = website clicks + call clicks + direction requests. Missing values are 0.
 */
export async function getGbpPostAnalytics(
  context: GbpContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<PostMetrics> {
  const { locationId } = parseLocalPostName(platformPostId, "analytics");
  const post = await getLocalPost(context, {
    accessToken: access.accessToken,
    name: platformPostId,
    operation: "analytics.get_post",
  });
  if (!post) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "gbp",
      platformCode: "NOT_FOUND",
      message: `analytics.get_post: Google has no local post ${platformPostId} (deleted?)`,
      httpStatus: 404,
    });
  }
  const now = context.deps.clock.now();
  const created = Date.parse(post.createTime ?? "");
  const start = Math.max(Number.isNaN(created) ? now : created, now - maxRangeDays * dayMs);
  const operation = "analytics.location_metrics";
  const response = await googleRequest(context, {
    operation,
    method: "GET",
    url: metricsUrl(locationId, new Date(start), new Date(now)),
    accessToken: access.accessToken,
  });
  const totals = sumByMetric(parseBody(TimeSeries, response, { operation }));
  const sum = (metrics: readonly string[]) =>
    metrics.reduce((total, metric) => total + (totals.get(metric) ?? 0), 0);
  return { impressions: sum(impressionMetrics), clicks: sum(clickMetrics) };
}

/** `dailyMetrics` repeats, which the HTTP client's query map cannot express: the query string is built here. */
function metricsUrl(locationId: string, start: Date, end: Date): string {
  const query = new URLSearchParams();
  for (const metric of [...impressionMetrics, ...clickMetrics]) query.append("dailyMetrics", metric);
  for (const [bound, date] of [
    ["startDate", start],
    ["endDate", end],
  ] as const) {
    query.append(`dailyRange.${bound}.year`, String(date.getUTCFullYear()));
    query.append(`dailyRange.${bound}.month`, String(date.getUTCMonth() + 1));
    query.append(`dailyRange.${bound}.day`, String(date.getUTCDate()));
  }
  const location = encodeURIComponent(locationId);
  return `${gbpUrls.performance}/locations/${location}:fetchMultiDailyMetricsTimeSeries?${query.toString()}`;
}

function sumByMetric(body: z.infer<typeof TimeSeries>): Map<string, number> {
  const totals = new Map<string, number>();
  for (const group of body.multiDailyMetricTimeSeries) {
    for (const series of group.dailyMetricTimeSeries) {
      for (const dated of series.timeSeries?.datedValues ?? []) {
        const value = Number(dated.value ?? "0");
        if (Number.isFinite(value))
          totals.set(series.dailyMetric, (totals.get(series.dailyMetric) ?? 0) + value);
      }
    }
  }
  return totals;
}
