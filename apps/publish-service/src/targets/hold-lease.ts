import { and, gt, sql } from "drizzle-orm";
import type { PublishContext } from "../context";
import { targets } from "../db/schema";
import { heldBy } from "./attempt-writes";
import { type Claim, LeaseLostError } from "./claim";

export interface HeldLease {
  /** aborted when the lease is lost or could not be renewed in time: the attempt must stop */
  readonly signal: AbortSignal;
  readonly lost: boolean;
  release(): void;
}

/**
 * Renews the claim's lease every quarter of its life while the attempt runs. A renewal only extends a live lease
 * this claim still holds; when one fails — or none succeeded for `lease − connector timeout` — the attempt is
 * aborted, so every platform call it started has ended before another worker may take the target over.
 */
export function holdLease(ctx: PublishContext, claim: Claim): HeldLease {
  const { leaseMs, connectorTimeoutMs } = ctx.settings;
  const controller = new AbortController();
  const log = ctx.logger.child({ targetId: claim.target.id, attempt: claim.attempt });
  let deadline = Date.now() + leaseMs - connectorTimeoutMs;
  const lose = (why: string) => {
    if (controller.signal.aborted) return;
    log.warn({ why }, "lease lost; the attempt stops and its outcome is left to the next claim");
    controller.abort(new LeaseLostError(claim.target.id, why));
  };
  const renew = async () => {
    const started = Date.now();
    const rows = await ctx.db
      .update(targets)
      .set({ leaseUntil: sql`now() + make_interval(secs => ${leaseMs / 1_000})` })
      .where(and(heldBy(claim), gt(targets.leaseUntil, sql`now()`)))
      .returning({ id: targets.id });
    if (rows.length === 0) lose("lapsed or taken over");
    else deadline = started + leaseMs - connectorTimeoutMs;
  };
  let renewing: Promise<void> | null = null;
  const timer = setInterval(
    () => {
      if (Date.now() > deadline) return lose("not renewed in time");
      if (renewing) return;
      renewing = renew()
        .catch((error: unknown) => log.warn({ err: error }, "lease renewal failed; trying again"))
        .finally(() => {
          renewing = null;
        });
    },
    Math.max(20, Math.floor(leaseMs / 4)),
  );
  timer.unref();
  return {
    signal: controller.signal,
    get lost() {
      return controller.signal.aborted;
    },
    release: () => clearInterval(timer),
  };
}
