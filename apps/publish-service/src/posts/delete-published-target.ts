import { isConnectorError, isUnsupportedOperation } from "@postd/connectors";
import { PostTargetDeleted } from "@postd/contracts";
import { enqueueEvent, isAppError } from "@postd/service-kit";
import { scrubString } from "@postd/telemetry";
import { and, eq, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { outbox, type TargetRow, targets } from "../db/schema";
import { targetRefOf } from "../targets/target-ref";
import { withAccountAccess } from "../targets/with-account-access";
import { recomputePostStatus } from "./recompute-post-status";

export type TargetDeletion =
  | { outcome: "deleted"; detail: null }
  | { outcome: "not_deleted"; detail: string };

/**
 * Deletes a published target on its platform, then marks it `deleted` with `post.target_deleted.v1`. A platform
 * without a delete API (TikTok), or one that refuses, leaves it `published` and says why.
 */
export async function deletePublishedTarget(ctx: PublishContext, target: TargetRow): Promise<TargetDeletion> {
  const platformPostId = target.platformPostId;
  if (platformPostId === null) return { outcome: "not_deleted", detail: "the platform's post id is unknown" };
  try {
    const connector = ctx.connectors.get(target.platform);
    await withAccountAccess(ctx, target, { purpose: "delete" }, (access) =>
      connector.deletePost(access, platformPostId),
    );
  } catch (error) {
    const detail = whyNot(error);
    if (detail === null) throw error;
    ctx.logger.info(
      { targetId: target.id, platform: target.platform, detail },
      "published target not deleted",
    );
    return { outcome: "not_deleted", detail };
  }
  await ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .update(targets)
      .set({ status: "deleted", updatedAt: sql`now()`, version: sql`${targets.version} + 1` })
      .where(and(eq(targets.id, target.id), eq(targets.status, "published")))
      .returning();
    if (!row) return;
    await enqueueEvent(tx, outbox, {
      event: PostTargetDeleted,
      tenantId: row.tenantId,
      data: targetRefOf(row),
    });
    await recomputePostStatus(tx, { tenantId: row.tenantId, postId: row.postId });
  });
  ctx.logger.info({ targetId: target.id, platform: target.platform }, "published target deleted");
  return { outcome: "deleted", detail: null };
}

function whyNot(error: unknown): string | null {
  if (isUnsupportedOperation(error)) return error.message;
  if (isConnectorError(error)) {
    return `${error.platform} refused the deletion (${error.kind}, ${error.platformCode}): ${scrubString(error.message).slice(0, 500)}`;
  }
  if (isAppError(error)) return `the account's token is not available: ${error.message}`;
  return null;
}
