import { setTimeout as sleep } from "node:timers/promises";
import { AppError, notFound } from "@postd/service-kit";
import { loadConnection } from "../connections/load-connection";
import { isDeadStatus } from "../connections/status-machine";
import type { TokenContext } from "../context";
import type { ConnectionRow } from "../db/schema";
import { giveUpInterruptedRefresh } from "./give-up-interrupted-refresh";
import { performRefresh } from "./perform-refresh";
import { claimRefresh, readRefreshProgress } from "./refresh-claim";
import { failureFromStored } from "./refresh-failure";
import type { RefreshOutcome, RefreshTrigger } from "./refresh-outcome";

/**
 * Single-flight refresh of a connection seen at `seen.version` (ADR 0014). Callers in one process share one
 * attempt; across processes an owned Redis lock decides who tries to claim the row, and the database claim decides
 * who sends the refresh token. Everyone else watches the row until the version moves (new tokens), the attempt
 * ends without new tokens (the failure count moves), or the deadline passes (UNAVAILABLE).
 */
export function refreshConnection(
  ctx: TokenContext,
  input: { seen: ConnectionRow; trigger: RefreshTrigger; deadline?: number },
): Promise<RefreshOutcome> {
  const deadline = input.deadline ?? Date.now() + ctx.settings.waitTimeoutMs;
  return ctx.inflight.run(`${input.seen.id}:${input.seen.version}`, () =>
    refreshAcrossProcesses(ctx, { ...input, deadline }),
  );
}

async function refreshAcrossProcesses(
  ctx: TokenContext,
  input: { seen: ConnectionRow; trigger: RefreshTrigger; deadline: number },
): Promise<RefreshOutcome> {
  const { seen } = input;
  const where = { tenantId: seen.tenantId, connectionId: seen.id, staleMs: ctx.settings.claimStaleMs };
  for (;;) {
    const progress = await readRefreshProgress(ctx.db, where);
    if (!progress) throw notFound(`connection ${seen.id}`);
    if (progress.version !== seen.version)
      return { kind: "refreshed", row: await loadConnection(ctx.db, where) };
    const attemptEnded = progress.refreshOwner === null && progress.refreshFailures !== seen.refreshFailures;
    if (attemptEnded || isDeadStatus(progress.status)) {
      const row = await loadConnection(ctx.db, where);
      const failure = isDeadStatus(row.status)
        ? { ...failureFromStored(row.lastRefreshError), effect: "needs_reauth" as const }
        : failureFromStored(row.lastRefreshError);
      return { kind: "failed", row, failure };
    }
    if (progress.refreshOwner === null || progress.claimIsStale) {
      const outcome = await tryRefreshUnderLock(ctx, input);
      if (outcome) return outcome;
    }
    if (Date.now() >= input.deadline) {
      throw new AppError(
        "UNAVAILABLE",
        `connection ${seen.id}'s token is being refreshed elsewhere and did not finish in time; try again`,
        { retryAfterSeconds: 1 },
      );
    }
    await sleep(ctx.settings.pollIntervalMs);
  }
}

async function tryRefreshUnderLock(
  ctx: TokenContext,
  input: { seen: ConnectionRow; trigger: RefreshTrigger },
): Promise<RefreshOutcome | null> {
  const { seen } = input;
  const lock = await ctx.locks.tryAcquire(`refresh:${seen.id}`);
  if (!lock) return null;
  try {
    const claimed = await claimRefresh(ctx.db, {
      tenantId: seen.tenantId,
      connectionId: seen.id,
      version: seen.version,
      owner: lock.token,
      staleMs: ctx.settings.claimStaleMs,
    });
    if (!claimed) return null;
    if (claimed.tookOver && ctx.connectors.get(seen.platform).capabilities.rotatingRefreshTokens) {
      return await giveUpInterruptedRefresh(ctx, { claimed: claimed.row, owner: lock.token });
    }
    return await performRefresh(ctx, { claimed: claimed.row, owner: lock.token, trigger: input.trigger });
  } finally {
    const released = await lock.release().catch(() => false);
    if (!released) ctx.logger.debug({ connectionId: seen.id }, "refresh lock had expired before its release");
  }
}
