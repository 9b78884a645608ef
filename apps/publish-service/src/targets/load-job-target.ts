import { and, eq, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { targets } from "../db/schema";

/** What a job needs to know before it claims: the target's state and, by the database's clock, its waits. */
export async function loadJobTarget(ctx: PublishContext, input: { tenantId: string; targetId: string }) {
  const [row] = await ctx.db
    .select({
      id: targets.id,
      tenantId: targets.tenantId,
      status: targets.status,
      attempts: targets.attempts,
      platform: targets.platform,
      accountId: targets.accountId,
      accountKind: targets.accountKind,
      /** ms until next_attempt_at (0 when due or unset) */
      dueInMs: sql<number>`greatest(0, coalesce(extract(epoch from ${targets.nextAttemptAt} - now()) * 1000, 0))::float8`,
      /** ms left on a running attempt's lease (0 when lapsed or unset) */
      leaseLeftMs: sql<number>`greatest(0, coalesce(extract(epoch from ${targets.leaseUntil} - now()) * 1000, 0))::float8`,
    })
    .from(targets)
    .where(and(eq(targets.id, input.targetId), eq(targets.tenantId, input.tenantId)));
  return row ?? null;
}
export type JobTarget = NonNullable<Awaited<ReturnType<typeof loadJobTarget>>>;
