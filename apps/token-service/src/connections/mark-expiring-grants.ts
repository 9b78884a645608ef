import { and, eq, isNotNull, lte } from "drizzle-orm";
import type { TokenContext } from "../context";
import { connections } from "../db/schema";
import { changeStatus } from "./change-status";

/**
 * `active` connections whose grant (refresh token) ends within the warning become `expiring`, one status event
 * each: the user should reconnect before it ends. Run by the reconciler.
 */
export async function markExpiringGrants(ctx: Pick<TokenContext, "db" | "settings">): Promise<number> {
  const limit = new Date(Date.now() + ctx.settings.reauthWarningMs);
  const due = await ctx.db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.status, "active"),
        isNotNull(connections.refreshTokenExpiresAt),
        lte(connections.refreshTokenExpiresAt, limit),
      ),
    )
    .limit(1_000);
  let changed = 0;
  for (const row of due) {
    const updated = await ctx.db.transaction((tx) =>
      changeStatus(tx, { row, to: "expiring", reason: "grant_ends_soon" }),
    );
    if (updated) changed += 1;
  }
  return changed;
}
