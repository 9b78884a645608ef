import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { SimState } from "../../state/sim-state";
import { googleErrors, sendGoogleError } from "./google-errors";
import { guardApi } from "./guard";
import type { GbpWorld } from "./world";

export const performanceHost = "businessprofileperformance.googleapis.com";

export const dailyMetrics = [
  "BUSINESS_IMPRESSIONS_DESKTOP_MAPS",
  "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH",
  "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
  "BUSINESS_IMPRESSIONS_MOBILE_SEARCH",
  "BUSINESS_CONVERSATIONS",
  "BUSINESS_DIRECTION_REQUESTS",
  "CALL_CLICKS",
  "WEBSITE_CLICKS",
  "BUSINESS_BOOKINGS",
  "BUSINESS_FOOD_ORDERS",
  "BUSINESS_FOOD_MENU_CLICKS",
  "MESSAGING_CLICKS",
];

/**
 * The sim's deterministic daily value of a metric for a location on a UTC day (`YYYY-MM-DD`): 0–40, zero on
 * about a quarter of days (and then left out of the answer, as Google leaves zeros out).
 */
export function simMetricValue(locationId: string, metric: string, day: string): number {
  const digest = createHash("sha256").update(`${locationId}|${metric}|${day}`).digest();
  const value = (digest[0] ?? 0) % 41;
  return (digest[1] ?? 0) % 4 === 0 ? 0 : value;
}

/** `GET /v1/locations/{l}:fetchMultiDailyMetricsTimeSeries` with repeated `dailyMetrics` and a `dailyRange`. */
export function registerPerformanceRoutes(app: FastifyInstance, state: SimState, world: GbpWorld): void {
  app.get(`/${performanceHost}/v1/locations/:target`, async (request, reply) => {
    const { target } = request.params as { target: string };
    const [locationId, method] = target.split(":");
    if (method !== "fetchMultiDailyMetricsTimeSeries" || !locationId) {
      return sendGoogleError(reply, googleErrors.methodNotFound());
    }
    const token = guardApi(request, reply, state, performanceHost);
    if (!token) return reply;
    if (!world.location(locationId)) return sendGoogleError(reply, googleErrors.notFound());
    if (!world.managesLocation(token.userId, locationId))
      return sendGoogleError(reply, googleErrors.permissionDenied());
    const query = request.query as Record<string, string | string[] | undefined>;
    const metrics = [query.dailyMetrics ?? []].flat();
    const start = dateOf(query, "startDate");
    const end = dateOf(query, "endDate");
    const violations = [
      ...(metrics.length === 0 ? [{ field: "daily_metrics", description: "Field is required" }] : []),
      ...metrics
        .filter((m) => !dailyMetrics.includes(m))
        .map((m) => ({ field: "daily_metrics", description: `Invalid value: ${m}` })),
      ...(start === null ? [{ field: "daily_range.start_date", description: "Required valid date" }] : []),
      ...(end === null ? [{ field: "daily_range.end_date", description: "Required valid date" }] : []),
      ...(start !== null && end !== null && end < start
        ? [{ field: "daily_range", description: "The end date is before the start date" }]
        : []),
    ];
    if (violations.length > 0 || start === null || end === null) {
      return sendGoogleError(reply, googleErrors.invalidArgument(violations));
    }
    return timeSeries(locationId, metrics, { start, end });
  });
}

function timeSeries(locationId: string, metrics: string[], range: { start: number; end: number }) {
  const days: Date[] = [];
  for (let t = range.start; t <= range.end; t += 86_400_000) days.push(new Date(t));
  return {
    multiDailyMetricTimeSeries: [
      {
        dailyMetricTimeSeries: metrics.map((metric) => ({
          dailyMetric: metric,
          timeSeries: {
            datedValues: days.map((day) => {
              const value = simMetricValue(locationId, metric, day.toISOString().slice(0, 10));
              const date = {
                year: day.getUTCFullYear(),
                month: day.getUTCMonth() + 1,
                day: day.getUTCDate(),
              };
              return value === 0 ? { date } : { date, value: String(value) };
            }),
          },
        })),
      },
    ],
  };
}

function dateOf(query: Record<string, string | string[] | undefined>, bound: string): number | null {
  const part = (name: string) => Number(query[`dailyRange.${bound}.${name}`]);
  const [year, month, day] = [part("year"), part("month"), part("day")];
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return null;
  const value = Date.UTC(year, month - 1, day);
  const check = new Date(value);
  return check.getUTCMonth() === month - 1 && check.getUTCDate() === day ? value : null;
}
