import type { PublishedPost } from "@postd/connectors";
import { PostTargetPublished } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import { recordMetric } from "@postd/telemetry";
import { sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { outbox } from "../db/schema";
import { recomputePostStatus } from "../posts/recompute-post-status";
import { finishAttempt, transitionHeldTarget } from "./attempt-writes";
import type { Claim } from "./claim";
import { targetRefOf } from "./target-ref";

/**
 * The platform holds the post: in one transaction the target becomes `published` with the platform's id and
 * URL, the attempt is closed, `post.target_published.v1` goes to the outbox and the post's status follows.
 */
export async function recordPublished(
  ctx: PublishContext,
  claim: Claim,
  published: PublishedPost & { via: "publish" | "find_post" },
): Promise<void> {
  const row = await ctx.db.transaction(async (tx) => {
    const target = await transitionHeldTarget(tx, claim, {
      status: "published",
      platformPostId: published.platformPostId,
      url: published.url,
      publishedAt: sql`now()`,
      unsettledSince: null,
      lastError: null,
      evidence: null,
    });
    await finishAttempt(tx, claim, { outcome: "published", error: null });
    await enqueueEvent(tx, outbox, {
      event: PostTargetPublished,
      tenantId: target.tenantId,
      data: {
        ...targetRefOf(target),
        platformPostId: published.platformPostId,
        url: published.url,
        publishedAt: (target.publishedAt ?? new Date()).toISOString(),
        attempts: target.attempts,
      },
    });
    await recomputePostStatus(tx, { tenantId: target.tenantId, postId: target.postId });
    return target;
  });
  recordMetric("publish.outcome", 1, { platform: row.platform, outcome: "published" });
  const acceptedAt = Math.max(claim.post.createdAt.getTime(), claim.post.scheduledAt?.getTime() ?? 0);
  recordMetric("publish.e2e.latency", Math.max(0, (row.publishedAt ?? new Date()).getTime() - acceptedAt), {
    platform: row.platform,
  });
  ctx.logger.info(
    {
      targetId: row.id,
      platform: row.platform,
      platformPostId: row.platformPostId,
      via: published.via,
      attempt: claim.attempt,
    },
    "target published",
  );
}
