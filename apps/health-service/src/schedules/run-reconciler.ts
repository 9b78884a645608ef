import { randomUUID } from "node:crypto";
import { runPeriodically } from "@postd/service-kit";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { backfillConnections } from "../connections/backfill-connections";
import type { HealthContext } from "../context";
import { auditRefreshJobs } from "../tokens/audit-refresh-jobs";
import { reconcileSchedules } from "./reconcile-schedules";

export interface Reconciler {
  /** one full run now, whatever the lock says (tests, tools) */
  runNow(): Promise<ReconcileReport>;
  stop(): Promise<void>;
}

export interface ReconcileReport {
  backfilled: number;
  backfillAvailable: boolean;
  schedulesAdded: number;
  schedulesRemoved: number;
  expiringTokens: number;
  expiringWithoutRefresh: number;
}

const dayMs = 86_400_000;

/**
 * At start and every `intervalMs`: backfill connections from token-service, rebuild missing schedules, audit the
 * refresh jobs of expiring tokens. Once per interval across replicas: each replica's timer takes a Redis lock
 * (SET NX PX) that is left to expire, so only the first replica of an interval runs it; a Redis wipe drops the
 * lock too, and the next tick rebuilds.
 */
export function startReconciler(
  ctx: HealthContext,
  options: { redis: Redis; prefix: string; refreshQueue: Queue; intervalMs: number },
): Reconciler {
  const logger = ctx.logger.child({ component: "reconciler" });
  const runNow = async (): Promise<ReconcileReport> => {
    const backfill = await backfillConnections(ctx).catch((error: unknown) => {
      logger.warn({ err: error }, "backfill from token-service failed; events only until the next run");
      return { listed: 0, available: false };
    });
    const schedules = await reconcileSchedules(ctx);
    const tokens = await auditRefreshJobs(ctx, { refreshQueue: options.refreshQueue, horizonMs: dayMs });
    const report = {
      backfilled: backfill.listed,
      backfillAvailable: backfill.available,
      schedulesAdded: schedules.added,
      schedulesRemoved: schedules.removed,
      expiringTokens: tokens.expiring,
      expiringWithoutRefresh: tokens.missing,
    };
    const level = schedules.added + schedules.removed + tokens.missing > 0 ? "info" : "debug";
    logger[level](report, "health schedules reconciled");
    return report;
  };
  const lockKey = `${options.prefix}:health-service:reconcile-lock`;
  const periodic = runPeriodically({
    name: "health-reconcile",
    intervalMs: options.intervalMs,
    logger,
    task: async () => {
      const ttlMs = Math.max(100, Math.floor(options.intervalMs * 0.8));
      const taken = await options.redis.set(lockKey, randomUUID(), "PX", ttlMs, "NX");
      if (taken === "OK") await runNow();
    },
  });
  return { runNow, stop: () => periodic.stop() };
}
