import { markExpiringGrants } from "../connections/mark-expiring-grants";
import type { TokenContext } from "../context";
import { reconcileRefreshJobs } from "./reconcile-refresh-jobs";

export interface Reconciler {
  /** one run now, whatever the lock says (tools, tests) */
  runNow(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Runs the reconciliation at start and every `intervalMs` — once per interval across replicas: each replica's
 * timer tries an owned Redis lock that is left to expire (not released), so only the first replica of an interval
 * runs it. A Redis wipe drops the lock too, so the next tick after a wipe runs and rebuilds the queue.
 */
export function startReconciler(ctx: TokenContext, options: { intervalMs: number }): Reconciler {
  const log = ctx.logger.child({ component: "reconciler" });
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const runNow = async () => {
    const jobs = await reconcileRefreshJobs(ctx);
    const expiring = await markExpiringGrants(ctx);
    const level = jobs.added + jobs.restarted + expiring > 0 ? "info" : "debug";
    log[level]({ ...jobs, expiring }, "refresh jobs reconciled");
  };
  const tick = async () => {
    try {
      const lock = await ctx.locks.tryAcquire("reconcile", {
        ttlMs: Math.max(100, Math.floor(options.intervalMs * 0.8)),
      });
      if (lock) await runNow();
    } catch (error) {
      log.warn({ err: error }, "reconciliation failed; trying again at the next interval");
    }
  };
  const schedule = (): NodeJS.Timeout =>
    setTimeout(() => {
      if (stopped) return;
      running = tick().finally(() => {
        if (!stopped) timer = schedule();
      });
    }, options.intervalMs).unref();
  running = tick();
  let timer = schedule();
  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
