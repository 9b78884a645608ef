import { AppError } from "@postd/service-kit";
import { isDeadStatus } from "../connections/status-machine";
import type { TokenContext } from "../context";
import type { ConnectionRow } from "../db/schema";
import { refreshConnection } from "../refresh/refresh-connection";
import type { RefreshOutcome } from "../refresh/refresh-outcome";
import { isInsideRefreshWindow, isRefreshablePlatform } from "../refresh/refresh-window";
import { assertUsableConnection } from "./usable-connection";

/**
 * The connection with a token worth handing out: refreshed first (single flight) when it is inside its margin, or
 * when the caller forces it (unless it was renewed moments ago: a burst of 401s refreshes once). A refresh that
 * fails transiently still hands out the current token while it is valid, unless the caller forced the refresh.
 */
export async function ensureFreshToken(
  ctx: TokenContext,
  row: ConnectionRow,
  options: { force: boolean },
): Promise<ConnectionRow> {
  if (!isRefreshablePlatform(row.platform)) return row;
  const now = Date.now();
  const due = options.force
    ? now - row.tokenUpdatedAt.getTime() >= ctx.settings.forceRefreshMinAgeMs
    : isInsideRefreshWindow(ctx.settings, row, now);
  if (!due) return row;
  const outcome = await refreshConnection(ctx, {
    seen: row,
    trigger: options.force ? "forced" : "on_demand",
  });
  if (outcome.kind === "refreshed") {
    assertUsableConnection(outcome.row);
    return outcome.row;
  }
  return afterFailedRefresh(outcome, options);
}

function afterFailedRefresh(
  outcome: Extract<RefreshOutcome, { kind: "failed" }>,
  options: { force: boolean },
) {
  const { row, failure } = outcome;
  if (isDeadStatus(row.status)) assertUsableConnection(row);
  if (failure.effect === "needs_reauth") {
    throw new AppError(
      "UNPROCESSABLE",
      `connection ${row.id} needs re-authorization (${failure.code}): reconnect ${row.platform}`,
    );
  }
  const stillValid = row.expiresAt === null || row.expiresAt.getTime() > Date.now();
  if (!options.force && stillValid) return row;
  if (failure.effect === "error") {
    throw new AppError(
      "PLATFORM_ERROR",
      `${row.platform} refused to refresh connection ${row.id}'s token (${failure.code})`,
    );
  }
  throw new AppError(
    "UNAVAILABLE",
    `${row.platform} did not refresh connection ${row.id}'s token (${failure.code}); try again shortly`,
    {
      retryAfterSeconds: Math.max(1, Math.ceil((failure.retryAfterMs ?? 1_000) / 1_000)),
    },
  );
}
