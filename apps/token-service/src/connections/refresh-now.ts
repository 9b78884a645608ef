import type { ConnectionView } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import type { TokenContext } from "../context";
import { refreshConnection } from "../refresh/refresh-connection";
import { isRefreshablePlatform } from "../refresh/refresh-window";
import { assertUsableConnection } from "../tokens/usable-connection";
import { loadConnectionView } from "./connection-view";
import { loadConnection } from "./load-connection";

/**
 * `svc.token.refresh` (`POST /api/connections/:id/refresh`): refreshes now through the single flight, whatever
 * the margin says. A platform without refresh (Mailchimp) answers the connection as it is. A lost grant answers
 * UNPROCESSABLE (the connection is now `needs_reauth`), a refused request PLATFORM_ERROR, a transient failure
 * UNAVAILABLE.
 */
export async function refreshNow(
  ctx: TokenContext,
  input: { tenantId: string; connectionId: string },
): Promise<ConnectionView> {
  const row = await loadConnection(ctx.db, input);
  assertUsableConnection(row);
  if (!isRefreshablePlatform(row.platform)) return loadConnectionView(ctx.db, input);
  const outcome = await refreshConnection(ctx, { seen: row, trigger: "manual" });
  if (outcome.kind === "failed") {
    const { failure } = outcome;
    const detail = `${row.platform} did not refresh connection ${row.id}'s token (${failure.code})`;
    if (failure.effect === "needs_reauth")
      throw new AppError("UNPROCESSABLE", `${detail}: reconnect ${row.platform}`);
    if (failure.effect === "error") throw new AppError("PLATFORM_ERROR", detail);
    throw new AppError("UNAVAILABLE", `${detail}; try again shortly`, {
      retryAfterSeconds: Math.max(1, Math.ceil((failure.retryAfterMs ?? 1_000) / 1_000)),
    });
  }
  return loadConnectionView(ctx.db, input);
}
