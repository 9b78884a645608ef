import { runPeriodically } from "@postd/service-kit";
import { type PublishContext, redisKey } from "../context";
import { reconcileTargets } from "./reconcile-targets";

export interface Reconciler {
  /** one run now, whatever the lock says (tools, tests) */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the reconciliation at start and every `intervalMs` — once per interval across replicas: each replica's
 * timer tries an owned Redis lock that is left to expire (never released), so the first replica of an interval
 * runs it. A Redis wipe takes the lock with it, so the next tick after a wipe runs and rebuilds the queue.
 */
export function startReconciler(ctx: PublishContext, options: { intervalMs: number }): Reconciler {
  const log = ctx.logger.child({ component: "reconciler" });
  const runNow = async () => {
    const report = await reconcileTargets(ctx, { horizonMs: options.intervalMs * 2 });
    log[report.lapsed > 0 ? "info" : "debug"](report, "publish queue reconciled");
  };
  const lockKey = redisKey(ctx, "reconcile-lock");
  const task = runPeriodically({
    name: "reconcile-publish-queue",
    intervalMs: options.intervalMs,
    logger: log,
    task: async () => {
      const ttlMs = Math.max(20, Math.floor(options.intervalMs * 0.8));
      const locked = await ctx.redis.set(lockKey, ctx.instanceId, "PX", ttlMs, "NX");
      if (locked === "OK") await runNow();
    },
  });
  return { runNow, stop: () => task.stop() };
}
