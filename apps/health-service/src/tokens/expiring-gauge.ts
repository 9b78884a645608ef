import { type Logger, observeGauge } from "@postd/telemetry";
import { sql } from "drizzle-orm";
import type { HealthContext } from "../context";

/**
 * `token.expiring_soon` {platform, refresh: scheduled|missing}: live connections whose token expires within 24
 * hours, from `monitored_connections` (the `tokens_expiring_soon` view counts the `missing` ones). Every platform
 * and both label values are reported each time, zeros included, so a cleared alert resolves.
 */
export function observeExpiringTokens(
  ctx: Pick<HealthContext, "db">,
  options: { platforms: readonly string[]; logger: Logger },
) {
  return observeGauge("token.expiring_soon", async () => {
    let rows: { platform: string; scheduled: boolean; connections: number }[];
    try {
      rows = (await ctx.db.execute(sql`
        select platform, coalesce(refresh_scheduled, false) as scheduled, count(*)::int as connections
        from health.monitored_connections
        where status not in ('revoked', 'needs_reauth')
          and access_expires_at is not null
          and access_expires_at <= now() + interval '24 hours'
        group by 1, 2`)) as unknown as typeof rows;
    } catch (error) {
      options.logger.debug({ err: error }, "expiring tokens gauge not read");
      return [];
    }
    return options.platforms.flatMap((platform) =>
      [true, false].map((scheduled) => ({
        value: rows.find((row) => row.platform === platform && row.scheduled === scheduled)?.connections ?? 0,
        labels: { platform, refresh: scheduled ? "scheduled" : "missing" },
      })),
    );
  });
}
