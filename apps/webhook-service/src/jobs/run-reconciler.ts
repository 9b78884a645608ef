import { randomUUID } from "node:crypto";
import type { Logger } from "@postd/telemetry";
import type { Redis } from "ioredis";
import type { WebhookContext } from "../context";
import { type ReconcileReport, reconcileDeliveryJobs } from "../deliveries/reconcile-delivery-jobs";

export interface Reconciler {
  /** one run now, whatever the lock says (tools, tests) */
  runNow(): Promise<ReconcileReport>;
  stop(): Promise<void>;
}

/**
 * Runs the reconciliation at start and every `intervalMs`, once per interval across replicas: each replica's timer
 * tries a Redis lock (`SET NX PX`) that is left to expire rather than released, so only the first replica of an
 * interval runs it. A Redis wipe drops the lock with the queue, so the next tick after a wipe rebuilds it.
 */
export function startReconciler(
  ctx: Pick<WebhookContext, "db" | "scheduler">,
  options: { redis: Redis; prefix: string; intervalMs: number; logger: Logger },
): Reconciler {
  const log = options.logger.child({ component: "reconciler" });
  const lockKey = `${options.prefix}:webhook-service:reconcile-lock`;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const runNow = async () => {
    const report = await reconcileDeliveryJobs(ctx);
    log[report.added + report.restarted > 0 ? "info" : "debug"](report, "delivery jobs reconciled");
    return report;
  };
  const tick = async () => {
    try {
      const ttlMs = Math.max(100, Math.floor(options.intervalMs * 0.8));
      const taken = await options.redis.set(lockKey, randomUUID(), "PX", ttlMs, "NX");
      if (taken === "OK") await runNow();
    } catch (error) {
      log.warn({ err: error }, "reconciliation failed; trying again at the next interval");
    }
  };
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      if (stopped) return;
      running = tick().finally(() => {
        if (!stopped) schedule();
      });
    }, options.intervalMs);
    timer.unref();
  };
  running = tick().finally(() => {
    if (!stopped) schedule();
  });
  return {
    runNow,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
