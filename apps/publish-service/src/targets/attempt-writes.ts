import type { PublishProgress } from "@postd/connectors";
import type { DrizzleTransaction } from "@postd/service-kit";
import { and, eq, gt, sql } from "drizzle-orm";
import type { PgUpdateSetSource } from "drizzle-orm/pg-core";
import type { PublishContext } from "../context";
import { attempts, type StoredError, type Tables, type TargetRow, targets } from "../db/schema";
import { type Claim, LeaseLostError } from "./claim";
import { storableProgress } from "./progress";

/** The rows an attempt may write: its own target, still held by this claim. */
export function heldBy(claim: Claim) {
  return and(
    eq(targets.id, claim.target.id),
    eq(targets.leaseOwner, claim.owner),
    eq(targets.attempts, claim.attempt),
    eq(targets.status, "publishing"),
  );
}

/** Persists the connector's progress (minus secrets) the moment an intermediate id exists. */
export async function saveProgress(
  ctx: PublishContext,
  claim: Claim,
  progress: PublishProgress,
): Promise<void> {
  const rows = await ctx.db
    .update(targets)
    .set({ progress: storableProgress(progress), updatedAt: sql`now()` })
    .where(heldBy(claim))
    .returning({ id: targets.id });
  if (rows.length === 0) throw new LeaseLostError(claim.target.id, "progress not saved");
}

/**
 * The last fence before the platform is called: the lease must still be live, and the target is marked
 * unsettled (a worker that dies from here on leaves an outcome only `findPost` can tell).
 */
export async function markDispatched(ctx: PublishContext, claim: Claim): Promise<void> {
  const rows = await ctx.db
    .update(targets)
    .set({ unsettledSince: sql`coalesce(${targets.unsettledSince}, now())` })
    .where(and(heldBy(claim), gt(targets.leaseUntil, sql`now()`)))
    .returning({ id: targets.id });
  if (rows.length === 0) throw new LeaseLostError(claim.target.id, "lease lapsed before the platform call");
}

/** The platform answered (or `findPost` found nothing): no outcome is pending any more. */
export async function clearUnsettled(ctx: PublishContext, claim: Claim): Promise<void> {
  await ctx.db.update(targets).set({ unsettledSince: null }).where(heldBy(claim));
}

/** Applies an attempt's final change to its target, or throws LeaseLostError (rolling the transaction back). */
export async function transitionHeldTarget(
  tx: DrizzleTransaction<Tables>,
  claim: Claim,
  change: PgUpdateSetSource<typeof targets>,
): Promise<TargetRow> {
  const [row] = await tx
    .update(targets)
    .set({
      ...change,
      leaseOwner: null,
      leaseUntil: null,
      updatedAt: sql`now()`,
      version: sql`${targets.version} + 1`,
    })
    .where(heldBy(claim))
    .returning();
  if (!row) throw new LeaseLostError(claim.target.id, "outcome not recorded");
  return row;
}

export async function finishAttempt(
  tx: DrizzleTransaction<Tables>,
  claim: Claim,
  outcome: { outcome: string; error: StoredError | null },
): Promise<void> {
  await tx
    .update(attempts)
    .set({
      finishedAt: sql`now()`,
      outcome: outcome.outcome,
      error: outcome.error,
      durationMs: Math.round(performance.now() - claim.startedAt),
    })
    .where(eq(attempts.id, claim.attemptId));
}
