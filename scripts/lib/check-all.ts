import { checkNats } from "./check-nats";
import { checkPostgres } from "./check-postgres";
import { checkRedis } from "./check-redis";
import type { CheckResult } from "./check-result";
import type { InfraUrls } from "./local-config";

/** The three servers checked side by side, in a fixed order: PostgreSQL, Redis, NATS. */
export function checkInfra(urls: InfraUrls): Promise<CheckResult[]> {
  return Promise.all([checkPostgres(urls.databaseUrl), checkRedis(urls.redisUrl), checkNats(urls.natsUrl)]);
}

/** The check of one compose service again (used while waiting for a container to come up). */
export function checkOne(urls: InfraUrls, composeService: string): Promise<CheckResult> {
  if (composeService === "postgres") return checkPostgres(urls.databaseUrl);
  if (composeService === "redis") return checkRedis(urls.redisUrl);
  return checkNats(urls.natsUrl);
}
