import type { ConnectionRevoked, EventEnvelope } from "@postd/contracts";
import { and, eq, inArray, or } from "drizzle-orm";
import type { PublishContext } from "../context";
import { targets } from "../db/schema";
import { dropAttempt } from "../jobs/reschedule-attempt";
import { cancelTargets } from "../posts/cancel-targets";

const open = ["scheduled", "queued", "retrying"] as const;

/**
 * `connection.revoked.v1`: the connection's accounts can no longer be posted to, so their targets that have not
 * started are cancelled (per post, with `post.cancelled.v1`) and their jobs removed. Idempotent: a redelivery
 * finds nothing left to cancel.
 */
export async function cancelConnectionTargets(
  ctx: PublishContext,
  envelope: EventEnvelope<typeof ConnectionRevoked>,
): Promise<number> {
  const tenantId = envelope.tenantId;
  if (!tenantId) return 0;
  const { connectionId, accountIds } = envelope.data;
  const byConnection = eq(targets.connectionId, connectionId);
  const rows = await ctx.db
    .select({ id: targets.id, postId: targets.postId })
    .from(targets)
    .where(
      and(
        eq(targets.tenantId, tenantId),
        inArray(targets.status, open),
        accountIds.length > 0 ? or(byConnection, inArray(targets.accountId, accountIds)) : byConnection,
      ),
    );
  const byPost = new Map<string, string[]>();
  for (const row of rows) byPost.set(row.postId, [...(byPost.get(row.postId) ?? []), row.id]);
  let cancelled = 0;
  for (const [postId, targetIds] of byPost) {
    const done = await ctx.db.transaction((tx) =>
      cancelTargets(tx, { tenantId, postId, targetIds, statuses: open }),
    );
    for (const target of done) await dropAttempt(ctx, target);
    cancelled += done.length;
  }
  if (cancelled > 0)
    ctx.logger.info({ connectionId, cancelled }, "targets of a revoked connection cancelled");
  return cancelled;
}
