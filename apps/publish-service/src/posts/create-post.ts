import type { AcceptedPost, CreatePost, RpcResponse } from "@postd/contracts";
import { notifyOutbox } from "@postd/service-kit";
import type { PublishContext } from "../context";
import { outbox } from "../db/schema";
import { enqueueAttempts } from "../jobs/publish-queues";
import { requestHash } from "./canonical-json";
import { checkBackPressure } from "./check-back-pressure";
import { findStoredAnswer, replayStoredAnswer, storeAnswer, takeIdempotencyKey } from "./idempotency-keys";
import { inspectPublishRequest } from "./inspect-publish-request";
import { refuseRequest } from "./refuse-request";
import { writeAcceptedPost } from "./write-accepted-post";

/** The key was taken by a concurrent request that committed first: its answer is the one to give. */
class KeyTakenMeanwhile extends Error {}

/**
 * `svc.publish.create`: accepts a post for one or more accounts, once per Idempotency-Key (ADR 0016). A live key
 * answers its first answer again (same body) or CONFLICT (another body). Otherwise: back-pressure, then every
 * check (all problems at once, nothing written), then one transaction — key, post, targets, `post.accepted.v1`,
 * the stored answer — and after the commit the outbox relay's NOTIFY (outside the transaction: Postgres serializes
 * the commits of transactions that NOTIFY) and one job per target (delayed until `scheduledAt`).
 */
export async function createPost(
  ctx: PublishContext,
  input: { tenantId: string; idempotencyKey: string; body: unknown },
): Promise<RpcResponse<typeof CreatePost>> {
  const key = { tenantId: input.tenantId, key: input.idempotencyKey };
  const hash = requestHash(input.body);
  const stored = await findStoredAnswer(ctx.db, key);
  if (stored) return { post: replayStoredAnswer(stored, hash), replayed: true };

  await checkBackPressure(ctx);
  const inspected = await inspectPublishRequest(ctx, input);
  if (!inspected.ok) throw refuseRequest(inspected.issues);

  let accepted: AcceptedPost;
  try {
    accepted = await ctx.db.transaction(async (tx) => {
      const taken = await takeIdempotencyKey(tx, {
        ...key,
        requestHash: hash,
        ttlMs: ctx.settings.idempotencyTtlMs,
      });
      if (!taken) throw new KeyTakenMeanwhile();
      const response = await writeAcceptedPost(tx, { tenantId: input.tenantId, ...inspected });
      await storeAnswer(tx, { ...key, response });
      return response;
    });
  } catch (error) {
    if (!(error instanceof KeyTakenMeanwhile)) throw error;
    const first = await findStoredAnswer(ctx.db, key);
    if (!first) throw new Error("an idempotency key was taken but holds no answer", { cause: error });
    return { post: replayStoredAnswer(first, hash), replayed: true };
  }
  void notifyOutbox(ctx.db, outbox).catch((error: unknown) =>
    ctx.logger.warn({ err: error }, "outbox NOTIFY failed; the relay's poll will pick the event up"),
  );
  ctx.logger.info(
    { postId: accepted.postId, targets: accepted.targets.length, scheduledAt: inspected.request.scheduledAt },
    "post accepted",
  );
  await enqueueAccepted(ctx, input.tenantId, accepted, inspected.request.scheduledAt);
  return { post: accepted, replayed: false };
}

/** One job per target after the commit; a failure here is healed by the reconciler (the rows are the record). */
async function enqueueAccepted(
  ctx: PublishContext,
  tenantId: string,
  accepted: AcceptedPost,
  scheduledAt: string | undefined,
): Promise<void> {
  const delayMs = scheduledAt === undefined ? 0 : Math.max(0, Date.parse(scheduledAt) - Date.now());
  await enqueueAttempts(
    ctx.queues,
    accepted.targets.map((target) => ({ tenantId, targetId: target.id, attempt: 1, delayMs })),
  ).catch((error: unknown) =>
    ctx.logger.warn(
      { err: error, postId: accepted.postId },
      "publish jobs not enqueued; the reconciler will",
    ),
  );
}
