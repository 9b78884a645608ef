import type { ConnectionView } from "@postd/contracts";
import type { TokenContext } from "../context";
import { refreshConnection } from "../refresh/refresh-connection";
import { isRefreshablePlatform } from "../refresh/refresh-window";
import { changeStatus } from "./change-status";
import { loadConnectionView } from "./connection-view";
import { loadConnection } from "./load-connection";
import { isDeadStatus } from "./status-machine";

/**
 * `svc.token.report-auth-failure`: a caller saw the platform refuse the grant. `auth_revoked` → `needs_reauth` at
 * once (one status event). `auth_expired` → a refresh now (single flight); if the platform refuses that too, the
 * refresh itself marks `needs_reauth`; a transient failure leaves the status to the refresh job. A platform with
 * nothing to refresh (Mailchimp) goes straight to `needs_reauth`. Dead connections are left as they are.
 */
export async function reportAuthFailure(
  ctx: TokenContext,
  input: { tenantId: string; connectionId: string; kind: "auth_revoked" | "auth_expired"; detail: string },
): Promise<ConnectionView> {
  const row = await loadConnection(ctx.db, input);
  const log = ctx.logger.child({ connectionId: row.id, platform: row.platform, kind: input.kind });
  if (isDeadStatus(row.status)) return loadConnectionView(ctx.db, input);
  if (input.kind === "auth_expired" && isRefreshablePlatform(row.platform)) {
    const outcome = await refreshConnection(ctx, { seen: row, trigger: "auth_expired" });
    log.info({ outcome: outcome.kind }, "refresh after a reported expiry");
    return loadConnectionView(ctx.db, input);
  }
  const changed = await ctx.db.transaction((tx) =>
    changeStatus(tx, { row, to: "needs_reauth", reason: `reported_${input.kind}` }),
  );
  if (changed) {
    log.info("connection needs re-authorization, as a caller reported");
    await ctx.scheduler.unschedule(row.id, row.version);
  }
  return loadConnectionView(ctx.db, input);
}
