import type { PublishContext } from "../context";
import { acquirePace } from "../pacing/acquire-pace";
import { isFinalTargetStatus } from "../posts/post-status";
import { claimTarget } from "../targets/claim-target";
import { loadJobTarget } from "../targets/load-job-target";
import { type AttemptEnd, runAttempt } from "../targets/run-attempt";
import { attemptOfJobId, type PublishJobData } from "./publish.job";

/** What the worker does with a job: it is done (with why), or it is put back to wait (not an attempt). */
export type JobVerdict =
  | { kind: "done"; result: AttemptEnd | "stale" | "final" | "missing" | "not_claimed" }
  | { kind: "delay"; delayMs: number; why: "not_due" | "lease_held" | "paced" };

/**
 * One publish job: checks the target is this job's to run (its attempt is next; due; no live lease elsewhere),
 * takes a pacing slot for the platform account, claims, runs the attempt. Safe to run twice or after a crash:
 * the claim is the only way in, and it admits one job per attempt.
 */
export async function processPublishJob(
  ctx: PublishContext,
  job: { id: string | undefined; data: PublishJobData },
): Promise<JobVerdict> {
  const attempt = attemptOfJobId(job.id);
  const target = await loadJobTarget(ctx, job.data);
  if (!target || attempt === null) return { kind: "done", result: "missing" };
  if (isFinalTargetStatus(target.status)) return { kind: "done", result: "final" };
  if (target.attempts !== attempt - 1) return { kind: "done", result: "stale" };
  if (target.status !== "publishing" && target.dueInMs > 0) {
    return { kind: "delay", delayMs: Math.ceil(target.dueInMs), why: "not_due" };
  }
  if (target.status === "publishing" && target.leaseLeftMs > 0) {
    return { kind: "delay", delayMs: Math.ceil(target.leaseLeftMs) + 10, why: "lease_held" };
  }
  const pace = await acquirePace(ctx, target, job.id ?? target.id);
  if (pace.waitMs > 0) return { kind: "delay", delayMs: pace.waitMs, why: "paced" };
  try {
    const claim = await claimTarget(ctx, { tenantId: target.tenantId, targetId: target.id, attempt });
    if (!claim) return { kind: "done", result: "not_claimed" };
    return { kind: "done", result: await runAttempt(ctx, claim) };
  } finally {
    if ("release" in pace) await pace.release();
  }
}
