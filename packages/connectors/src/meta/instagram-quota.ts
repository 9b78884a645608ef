import { ConnectorError } from "../core/index";
import type { InstagramCall } from "./instagram-containers";
import { listMediaSince, parseGraphTimestamp } from "./instagram-media";
import { PublishingLimit } from "./schemas";

export interface PublishingQuota {
  usage: number;
  total: number;
  durationSeconds: number;
}

/** `content_publishing_limit`: posts published through the API in the moving window, and the cap. */
export async function readPublishingQuota(call: InstagramCall, operation: string): Promise<PublishingQuota> {
  const answer = await call.ctx.graph.call({
    operation,
    method: "GET",
    path: `/${call.igUserId}/content_publishing_limit`,
    token: call.token,
    query: { fields: "quota_usage,config" },
    schema: PublishingLimit,
  });
  const entry = answer.data[0];
  return {
    usage: entry?.quota_usage ?? 0,
    // Trust the live answer; 100 per 24 h is the guide's figure when the config is missing.
    total: entry?.config?.quota_total ?? 100,
    durationSeconds: entry?.config?.quota_duration ?? 86_400,
  };
}

/**
 * Refuses to publish when the quota is used up: `quota_exceeded`, with the time until the oldest post in the
 * window leaves it when the account's recent media say so (a lower bound: posts made outside the API count
 * there too, so a retry may find the quota still used and wait again).
 */
export async function ensureQuotaLeft(call: InstagramCall): Promise<void> {
  const quota = await readPublishingQuota(call, "publish.read_quota");
  if (quota.usage < quota.total) return;
  const retryAfterMs = await timeUntilWindowFrees(call, quota.durationSeconds);
  throw new ConnectorError({
    kind: "quota_exceeded",
    platform: "meta",
    platformCode: "content_publishing_limit",
    message: `Instagram account ${call.igUserId} has used its ${quota.total} API posts per ${quota.durationSeconds / 3600} h`,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
  });
}

async function timeUntilWindowFrees(
  call: InstagramCall,
  durationSeconds: number,
): Promise<number | undefined> {
  const now = call.ctx.deps.clock.now();
  try {
    const media = await listMediaSince(call, {
      since: new Date(now - durationSeconds * 1000),
      fields: "id,timestamp",
      operation: "publish.read_quota_window",
    });
    const times = media.map((m) => parseGraphTimestamp(m.timestamp)).filter((t): t is number => t !== null);
    if (times.length === 0) return undefined;
    return Math.max(1000, Math.min(...times) + durationSeconds * 1000 - now);
  } catch {
    return undefined;
  }
}
