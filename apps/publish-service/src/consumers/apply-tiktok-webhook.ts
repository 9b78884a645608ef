import { tiktokPublishKeys } from "@postd/connectors";
import { type EventEnvelope, PostTargetPublished, type WebhookReceived } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { deadLetters, outbox, type TargetRow, targets } from "../db/schema";
import { writeDeadLetter } from "../dead-letters/write-dead-letter";
import { enqueueDeadLetter } from "../jobs/publish-queues";
import { recomputePostStatus } from "../posts/recompute-post-status";
import { targetRefOf } from "../targets/target-ref";

/** Targets a webhook may settle: no worker holds them, and their outcome is not known to be final. */
const settleable = ["retrying", "unconfirmed", "dead_lettered"] as const;

/**
 * TikTok's publish webhooks (`webhook.received.v1`, matched to a target by the `publishId` in its progress):
 * complete or publicly available → `published` (the public post id replaces the publish id when it arrives);
 * failed → an `unconfirmed` target is dead-lettered with TikTok's reason. Targets a worker is running are left
 * to it (it polls the same status). Idempotent: a redelivery finds the target already settled.
 */
export async function applyTikTokWebhook(
  ctx: PublishContext,
  envelope: EventEnvelope<typeof WebhookReceived>,
): Promise<void> {
  const { platform, kind, data } = envelope.data;
  const publishId = typeof data.publishId === "string" ? data.publishId : null;
  if (platform !== "tiktok" || !envelope.tenantId || !publishId) return;
  if (kind !== "publish_completed" && kind !== "publish_failed" && kind !== "post_publicly_available") return;
  const [target] = await ctx.db
    .select()
    .from(targets)
    .where(
      and(
        eq(targets.tenantId, envelope.tenantId),
        eq(targets.platform, "tiktok"),
        sql`${targets.progress} ->> 'publishId' = ${publishId}`,
      ),
    );
  if (!target) return;
  const log = ctx.logger.child({ targetId: target.id, kind });
  if (kind === "publish_failed") return failUnconfirmed(ctx, target, String(data.reason ?? "unknown"));
  const publicId =
    kind === "post_publicly_available" && typeof data.platformPostId === "string"
      ? data.platformPostId
      : null;
  if (target.status === "published") {
    if (publicId && publicId !== target.platformPostId) {
      await ctx.db
        .update(targets)
        .set({ platformPostId: publicId, url: tiktokUrl(target, publicId), updatedAt: sql`now()` })
        .where(and(eq(targets.id, target.id), eq(targets.status, "published")));
      log.info({ platformPostId: publicId }, "tiktok post became public");
    }
    return;
  }
  const platformPostId = publicId ?? publishId;
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(targets)
      .set({
        status: "published",
        platformPostId,
        url: publicId ? tiktokUrl(target, publicId) : null,
        publishedAt: sql`now()`,
        unsettledSince: null,
        nextAttemptAt: null,
        evidence: null,
        updatedAt: sql`now()`,
        version: sql`${targets.version} + 1`,
      })
      .where(and(eq(targets.id, target.id), inArray(targets.status, settleable)))
      .returning();
    if (!row) return;
    await tx
      .update(deadLetters)
      .set({ discardedAt: sql`now()` })
      .where(
        and(
          eq(deadLetters.targetId, row.id),
          isNull(deadLetters.replayedAt),
          isNull(deadLetters.discardedAt),
        ),
      );
    await enqueueEvent(tx, outbox, {
      event: PostTargetPublished,
      tenantId: row.tenantId,
      data: {
        ...targetRefOf(row),
        platformPostId,
        url: row.url,
        publishedAt: (row.publishedAt ?? new Date()).toISOString(),
        attempts: Math.max(1, row.attempts),
      },
    });
    await recomputePostStatus(tx, { tenantId: row.tenantId, postId: row.postId });
    log.info({ from: target.status }, "target published, as TikTok's webhook says");
  });
}

async function failUnconfirmed(ctx: PublishContext, target: TargetRow, reason: string): Promise<void> {
  if (target.status !== "unconfirmed") return;
  const progress = { ...target.progress };
  for (const key of tiktokPublishKeys) delete progress[key];
  const error = {
    kind: "invalid_request" as const,
    code: reason,
    message: `TikTok reported the publish failed: ${reason}`,
  };
  const deadLetterId = await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(targets)
      .set({
        status: "dead_lettered",
        progress,
        unsettledSince: null,
        lastError: error,
        updatedAt: sql`now()`,
        version: sql`${targets.version} + 1`,
      })
      .where(and(eq(targets.id, target.id), eq(targets.status, "unconfirmed")))
      .returning();
    return row
      ? writeDeadLetter(tx, row, { reason: `${error.message}; replay to publish it again`, error })
      : null;
  });
  if (deadLetterId) {
    await enqueueDeadLetter(ctx.queues, { tenantId: target.tenantId, deadLetterId, targetId: target.id });
  }
}

function tiktokUrl(target: TargetRow, postId: string): string | null {
  const username = target.progress.username;
  return username ? `https://www.tiktok.com/@${username}/video/${postId}` : null;
}
