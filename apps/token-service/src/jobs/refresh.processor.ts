import { and, eq } from "drizzle-orm";
import { isDeadStatus } from "../connections/status-machine";
import type { TokenContext } from "../context";
import { connections } from "../db/schema";
import { refreshConnection } from "../refresh/refresh-connection";
import { isRefreshablePlatform } from "../refresh/refresh-window";
import type { RefreshJobData } from "./refresh.job";

/** Thrown for a transient failure so BullMQ retries the job with the refresh backoff. */
export class RefreshRetryError extends Error {
  constructor(
    readonly code: string,
    readonly retryAfterMs: number | undefined,
  ) {
    super(`refresh failed transiently (${code}); retrying`);
    this.name = "RefreshRetryError";
  }
}

export type RefreshJobResult = "refreshed" | "superseded" | "skipped" | "needs_reauth" | "error";

/**
 * A scheduled refresh: does nothing for a gone, superseded (newer version) or dead connection; otherwise refreshes
 * through the same single flight as on-demand callers. Transient failures throw `RefreshRetryError` (retried with
 * backoff and jitter); a lost grant or a refused request end the job (the status says why).
 */
export async function processRefreshJob(ctx: TokenContext, data: RefreshJobData): Promise<RefreshJobResult> {
  const [row] = await ctx.db
    .select()
    .from(connections)
    .where(and(eq(connections.id, data.connectionId), eq(connections.tenantId, data.tenantId)));
  if (!row || row.version !== data.version) return "superseded";
  if (isDeadStatus(row.status) || !isRefreshablePlatform(row.platform)) return "skipped";
  const outcome = await refreshConnection(ctx, { seen: row, trigger: "scheduled" });
  if (outcome.kind === "refreshed") return "refreshed";
  const { failure } = outcome;
  if (failure.effect === "retry") throw new RefreshRetryError(failure.code, failure.retryAfterMs);
  return failure.effect;
}
