import type { PostMetrics } from "@postd/connectors";
import type { GetPostAnalytics, RpcResponse } from "@postd/contracts";
import { z } from "zod";
import { type PublishContext, redisKey } from "../context";
import type { TargetRow } from "../db/schema";
import { storedErrorOf } from "../targets/stored-error";
import { withAccountAccess } from "../targets/with-account-access";
import { loadPost } from "./load-post";

type TargetMetrics = RpcResponse<typeof GetPostAnalytics>["targets"][number];

const Cached = z.object({ metrics: z.record(z.string(), z.number()), fetchedAt: z.string() });

/**
 * `svc.publish.post-analytics`: the connectors' normalized metrics for each published target, cached in Redis
 * for ANALYTICS_CACHE_SECONDS. A target whose numbers cannot be fetched carries the error instead.
 */
export async function getPostAnalytics(
  ctx: PublishContext,
  input: { tenantId: string; postId: string },
): Promise<RpcResponse<typeof GetPostAnalytics>> {
  const { targets } = await loadPost(ctx.db, input);
  const published = targets.filter((t) => t.status === "published" && t.platformPostId !== null);
  return { targets: await Promise.all(published.map((target) => metricsOf(ctx, target))) };
}

async function metricsOf(ctx: PublishContext, target: TargetRow): Promise<TargetMetrics> {
  const key = redisKey(ctx, "analytics", target.id, target.platformPostId ?? "");
  const base = { targetId: target.id, platform: target.platform };
  const cached = Cached.safeParse(JSON.parse((await ctx.redis.get(key)) ?? "null"));
  if (cached.success) return { ...base, ...cached.data, error: null };
  try {
    const connector = ctx.connectors.get(target.platform);
    const raw = await withAccountAccess(ctx, target, { purpose: "analytics" }, (access) =>
      connector.getPostAnalytics(access, target.platformPostId ?? ""),
    );
    const fresh = { metrics: numbersOf(raw), fetchedAt: new Date().toISOString() };
    await ctx.redis.set(key, JSON.stringify(fresh), "PX", Math.max(1, ctx.settings.analyticsCacheMs));
    return { ...base, ...fresh, error: null };
  } catch (error) {
    ctx.logger.info({ targetId: target.id, err: error }, "analytics not fetched");
    return { ...base, metrics: {}, fetchedAt: null, error: storedErrorOf(error) };
  }
}

function numbersOf(metrics: PostMetrics): Record<string, number> {
  const numbers: Record<string, number> = {};
  for (const [name, value] of Object.entries(metrics)) {
    if (typeof value === "number" && Number.isFinite(value)) numbers[name] = value;
  }
  return numbers;
}
