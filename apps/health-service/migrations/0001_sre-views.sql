-- Views for SREs (docs/observability.md). Read-only summaries over health-service's own tables.

-- Per platform and status: how many connections, and how their last health check went.
CREATE VIEW "health"."connection_health_summary" AS
SELECT
  platform,
  status,
  count(*)::int AS connections,
  count(*) FILTER (WHERE last_outcome = 'healthy')::int AS healthy,
  count(*) FILTER (WHERE last_outcome = 'unhealthy')::int AS unhealthy,
  count(*) FILTER (WHERE last_outcome = 'error')::int AS check_errors,
  count(*) FILTER (WHERE last_checked_at IS NULL)::int AS never_checked,
  min(last_checked_at) AS oldest_check_at,
  max(last_checked_at) AS newest_check_at
FROM "health"."monitored_connections"
GROUP BY platform, status;
--> statement-breakpoint

-- Per platform, over the last 24 hours and 7 days: targets published, dead-lettered, unconfirmed, and the share
-- published (null when nothing finished). Fed by post.target_published/dead_lettered/unconfirmed events.
CREATE VIEW "health"."publish_success_rate" AS
SELECT
  platform,
  count(*) FILTER (WHERE occurred_at > now() - interval '24 hours')::int AS finished_24h,
  count(*) FILTER (WHERE outcome = 'published' AND occurred_at > now() - interval '24 hours')::int AS published_24h,
  count(*) FILTER (WHERE outcome = 'dead_lettered' AND occurred_at > now() - interval '24 hours')::int AS dead_lettered_24h,
  count(*) FILTER (WHERE outcome = 'unconfirmed' AND occurred_at > now() - interval '24 hours')::int AS unconfirmed_24h,
  round(
    (count(*) FILTER (WHERE outcome = 'published' AND occurred_at > now() - interval '24 hours'))::numeric
      / nullif(count(*) FILTER (WHERE occurred_at > now() - interval '24 hours'), 0),
    4
  ) AS success_rate_24h,
  count(*)::int AS finished_7d,
  round((count(*) FILTER (WHERE outcome = 'published'))::numeric / nullif(count(*), 0), 4) AS success_rate_7d
FROM "health"."publish_outcomes"
WHERE occurred_at > now() - interval '7 days'
GROUP BY platform;
--> statement-breakpoint

-- Live connections whose access token expires within 24 hours and for which the last token audit found no refresh
-- job in token-service's queue (or has not looked yet). Expiry is as last heard from token-service.
CREATE VIEW "health"."tokens_expiring_soon" AS
SELECT
  tenant_id,
  connection_id,
  platform,
  status,
  access_expires_at,
  refresh_scheduled,
  refresh_audited_at
FROM "health"."monitored_connections"
WHERE status NOT IN ('revoked', 'needs_reauth')
  AND access_expires_at IS NOT NULL
  AND access_expires_at <= now() + interval '24 hours'
  AND refresh_scheduled IS DISTINCT FROM true;
