import { randomUUID } from "node:crypto";
import { newId } from "@postd/contracts";
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { attempts, posts, targets } from "../db/schema";
import type { Claim } from "./claim";

const claimable = ["queued", "retrying", "scheduled"] as const;

/**
 * Takes a target for attempt `attempt` with a lease: only while its `attempts` is `attempt - 1` and it is
 * waiting (queued, retrying, scheduled), or `publishing` under a lapsed lease (its worker died: a recovery).
 * Writes the attempt row and moves the post to `publishing` in the same transaction. Null when the target is not
 * this job's to take (final, running elsewhere, or the job is stale).
 */
export async function claimTarget(
  ctx: PublishContext,
  input: { tenantId: string; targetId: string; attempt: number },
): Promise<Claim | null> {
  const owner = `${ctx.instanceId}:${randomUUID()}`;
  const leaseSeconds = ctx.settings.leaseMs / 1_000;
  return ctx.db.transaction(async (tx) => {
    const [before] = await tx
      .select({ status: targets.status })
      .from(targets)
      .where(and(eq(targets.id, input.targetId), eq(targets.tenantId, input.tenantId)))
      .for("update");
    if (!before) return null;
    const [target] = await tx
      .update(targets)
      .set({
        status: "publishing",
        leaseOwner: owner,
        leaseUntil: sql`now() + make_interval(secs => ${leaseSeconds})`,
        attempts: sql`${targets.attempts} + 1`,
        firstAttemptAt: sql`coalesce(${targets.firstAttemptAt}, now())`,
        nextAttemptAt: null,
        updatedAt: sql`now()`,
        version: sql`${targets.version} + 1`,
      })
      .where(
        and(
          eq(targets.id, input.targetId),
          eq(targets.attempts, input.attempt - 1),
          or(
            inArray(targets.status, claimable),
            and(eq(targets.status, "publishing"), lt(targets.leaseUntil, sql`now()`)),
          ),
        ),
      )
      .returning();
    if (!target) return null;
    const recovered = before.status === "publishing";
    if (recovered) {
      await tx
        .update(attempts)
        .set({ finishedAt: sql`now()`, outcome: "lost" })
        .where(and(eq(attempts.targetId, target.id), isNull(attempts.finishedAt)));
    }
    const attemptId = newId("attempt");
    await tx
      .insert(attempts)
      .values({ id: attemptId, tenantId: target.tenantId, targetId: target.id, number: input.attempt });
    const [post] = await tx
      .update(posts)
      .set({
        status: sql`case when ${posts.status} in ('queued', 'scheduled') then 'publishing' else ${posts.status} end`,
      })
      .where(eq(posts.id, target.postId))
      .returning();
    if (!post) throw new Error(`post ${target.postId} of target ${target.id} is missing`);
    return {
      target,
      post,
      owner,
      attempt: input.attempt,
      attemptId,
      recovered,
      startedAt: performance.now(),
    };
  });
}
