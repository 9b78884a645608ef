import { isConnectorError } from "@postd/connectors";
import { isAppError } from "@postd/service-kit";
import type { PublishContext } from "../context";
import { type Claim, LeaseLostError } from "./claim";
import { decideFailure } from "./failure-decision";
import { holdLease } from "./hold-lease";
import { publishOnPlatform } from "./publish-on-platform";
import { recordDeadLetter } from "./record-dead-letter";
import { recordPublished } from "./record-published";
import { recordRetry } from "./record-retry";
import { recordUnconfirmed } from "./record-unconfirmed";

export type AttemptEnd = "published" | "unconfirmed" | "retry" | "dead_letter" | "abandoned";

/**
 * Runs one claimed attempt under its lease and records how it ended. A lost lease abandons the attempt without
 * writing anything: whoever takes the target over finds out what happened (findPost).
 */
export async function runAttempt(ctx: PublishContext, claim: Claim): Promise<AttemptEnd> {
  const log = ctx.logger.child({
    targetId: claim.target.id,
    platform: claim.target.platform,
    attempt: claim.attempt,
  });
  const lease = holdLease(ctx, claim);
  try {
    const outcome = await publishOnPlatform({ ...ctx, logger: log }, claim, lease);
    if (outcome.kind === "published")
      await recordPublished(ctx, claim, { ...outcome.post, via: outcome.via });
    else await recordUnconfirmed(ctx, claim, outcome.evidence);
    return outcome.kind;
  } catch (error) {
    if (lease.lost || error instanceof LeaseLostError) {
      log.warn({ err: error }, "attempt abandoned: the lease is no longer ours");
      return "abandoned";
    }
    return settleFailure({ ...ctx, logger: log }, claim, error);
  } finally {
    lease.release();
  }
}

async function settleFailure(ctx: PublishContext, claim: Claim, error: unknown): Promise<AttemptEnd> {
  if (!isConnectorError(error) && !isAppError(error)) {
    ctx.logger.error({ err: error }, "publish attempt failed unexpectedly");
  }
  const decision = decideFailure({
    error,
    platform: claim.target.platform,
    attemptsUsed: claim.target.attempts - claim.target.budgetStart,
    policy: ctx.settings,
  });
  try {
    if (decision.action === "retry") await recordRetry(ctx, claim, decision);
    else await recordDeadLetter(ctx, claim, decision);
    return decision.action;
  } catch (recordError) {
    if (recordError instanceof LeaseLostError) return "abandoned";
    throw recordError;
  }
}
