import { and, asc, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { deadLetters, targets } from "../db/schema";
import { deadLetterJobOptions } from "../jobs/dead-letter.job";
import { enqueueAttempts, type PlannedAttempt } from "../jobs/publish-queues";

const pageSize = 500;

export interface ReconcileReport {
  /** targets whose next attempt's job was (re)enqueued: a no-op where the job exists */
  due: number;
  /** of which `publishing` under a lapsed lease: the next attempt recovers them (findPost first) */
  lapsed: number;
  deadLetters: number;
}

/**
 * Rebuilds the publish queue from Postgres, the record: every target that is queued, due within `horizonMs`
 * (scheduled, retrying), or publishing under a lapsed lease gets the job of its next attempt. Job ids are
 * deterministic and a job acts only on its own attempt, so this never causes a second publish. Open dead letters
 * get their mirror job back too.
 */
export async function reconcileTargets(
  ctx: PublishContext,
  options: { horizonMs: number },
): Promise<ReconcileReport> {
  const report: ReconcileReport = { due: 0, lapsed: 0, deadLetters: 0 };
  let after = "";
  for (;;) {
    const page = await ctx.db
      .select({
        id: targets.id,
        tenantId: targets.tenantId,
        status: targets.status,
        attempts: targets.attempts,
        dueInMs: sql<number>`greatest(0, coalesce(extract(epoch from ${targets.nextAttemptAt} - now()) * 1000, 0))::float8`,
      })
      .from(targets)
      .where(
        and(
          gt(targets.id, after),
          or(
            eq(targets.status, "queued"),
            and(
              inArray(targets.status, ["scheduled", "retrying"]),
              lt(targets.nextAttemptAt, sql`now() + make_interval(secs => ${options.horizonMs / 1_000})`),
            ),
            and(eq(targets.status, "publishing"), lt(targets.leaseUntil, sql`now()`)),
          ),
        ),
      )
      .orderBy(asc(targets.id))
      .limit(pageSize);
    const planned: PlannedAttempt[] = page.map((row) => ({
      tenantId: row.tenantId,
      targetId: row.id,
      attempt: row.attempts + 1,
      delayMs: row.status === "publishing" ? 0 : row.dueInMs,
    }));
    await enqueueAttempts(ctx.queues, planned);
    report.due += page.length;
    report.lapsed += page.filter((row) => row.status === "publishing").length;
    const last = page.at(-1);
    if (!last || page.length < pageSize) break;
    after = last.id;
  }
  report.deadLetters = await restoreDeadLetterJobs(ctx);
  return report;
}

async function restoreDeadLetterJobs(ctx: PublishContext): Promise<number> {
  const open = await ctx.db
    .select({ id: deadLetters.id, tenantId: deadLetters.tenantId, targetId: deadLetters.targetId })
    .from(deadLetters)
    .where(and(isNull(deadLetters.replayedAt), isNull(deadLetters.discardedAt)))
    .limit(10_000);
  if (open.length === 0) return 0;
  await ctx.queues.deadLetter.addBulk(
    open.map((row) => ({
      name: "dead-letter",
      data: { tenantId: row.tenantId, deadLetterId: row.id, targetId: row.targetId },
      opts: deadLetterJobOptions(row.id),
    })),
  );
  return open.length;
}
