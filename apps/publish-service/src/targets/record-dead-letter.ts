import { ReportAuthFailure } from "@postd/contracts";
import { recordMetric } from "@postd/telemetry";
import type { PublishContext } from "../context";
import { writeDeadLetter } from "../dead-letters/write-dead-letter";
import { enqueueDeadLetter } from "../jobs/publish-queues";
import { finishAttempt, transitionHeldTarget } from "./attempt-writes";
import type { Claim } from "./claim";
import type { FailureDecision } from "./failure-decision";

type DeadLetterDecision = Extract<FailureDecision, { action: "dead_letter" }>;

/**
 * A failure retries cannot fix (or the budget is spent): the target becomes `dead_lettered` with its dead letter
 * in one transaction; then the mirror job on `publish-service.dead-letter`, and — for a grant the platform
 * refused — `svc.token.report-auth-failure`, which marks the connection `needs_reauth`.
 */
export async function recordDeadLetter(
  ctx: PublishContext,
  claim: Claim,
  decision: DeadLetterDecision,
): Promise<void> {
  const { row, deadLetterId } = await ctx.db.transaction(async (tx) => {
    const target = await transitionHeldTarget(tx, claim, {
      status: "dead_lettered",
      nextAttemptAt: null,
      unsettledSince: null,
      lastError: decision.error,
    });
    await finishAttempt(tx, claim, { outcome: "dead_lettered", error: decision.error });
    return { row: target, deadLetterId: await writeDeadLetter(tx, target, decision) };
  });
  recordMetric("publish.outcome", 1, { platform: row.platform, outcome: "dead_lettered" });
  const log = ctx.logger.child({ targetId: row.id, platform: row.platform, deadLetterId });
  log.warn({ reason: decision.reason, code: decision.error.code }, "target dead-lettered");
  await enqueueDeadLetter(ctx.queues, { tenantId: row.tenantId, deadLetterId, targetId: row.id }).catch(
    (error: unknown) => log.warn({ err: error }, "dead-letter job not added; the reconciler will add it"),
  );
  if (decision.reportAuth) {
    await ctx.rpc
      .call(ReportAuthFailure, {
        tenantId: row.tenantId,
        connectionId: row.connectionId,
        kind: decision.reportAuth,
        detail: `publish of ${row.id}: ${decision.error.code}`,
      })
      .catch((error: unknown) => log.warn({ err: error }, "auth failure not reported to token-service"));
  }
}
