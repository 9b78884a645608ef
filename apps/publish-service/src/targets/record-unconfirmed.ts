import { PostTargetUnconfirmed } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import { recordMetric } from "@postd/telemetry";
import type { PublishContext } from "../context";
import { outbox } from "../db/schema";
import { recomputePostStatus } from "../posts/recompute-post-status";
import { finishAttempt, transitionHeldTarget } from "./attempt-writes";
import type { Claim } from "./claim";
import { targetRefOf } from "./target-ref";

/**
 * An earlier call may have reached the platform and the platform cannot be searched for the post: publishing
 * again could post twice, so the target stops as `unconfirmed` with the evidence, `post.target_unconfirmed.v1`
 * is emitted and `publish.unconfirmed` rises (an alert). A person checks the platform.
 */
export async function recordUnconfirmed(ctx: PublishContext, claim: Claim, evidence: string): Promise<void> {
  const row = await ctx.db.transaction(async (tx) => {
    const target = await transitionHeldTarget(tx, claim, { status: "unconfirmed", evidence });
    await finishAttempt(tx, claim, {
      outcome: "unconfirmed",
      error: { kind: "unknown_outcome", code: "cannot_tell", message: evidence },
    });
    await enqueueEvent(tx, outbox, {
      event: PostTargetUnconfirmed,
      tenantId: target.tenantId,
      data: { ...targetRefOf(target), evidence, attempts: target.attempts },
    });
    await recomputePostStatus(tx, { tenantId: target.tenantId, postId: target.postId });
    return target;
  });
  recordMetric("publish.outcome", 1, { platform: row.platform, outcome: "unconfirmed" });
  recordMetric("publish.unconfirmed", 1, { platform: row.platform });
  ctx.logger.warn({ targetId: row.id, platform: row.platform, evidence }, "target unconfirmed");
}
