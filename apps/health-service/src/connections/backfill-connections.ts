import { ListAllConnections } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import type { HealthContext } from "../context";
import { applyConnectionFacts } from "./apply-connection-event";

export interface BackfillResult {
  /** connections token-service listed */
  listed: number;
  /** false when token-service does not offer `svc.token.list-all-connections` (or is down): events only */
  available: boolean;
}

/**
 * Pages through token-service's `svc.token.list-all-connections` and records each connection as of now, so
 * connections whose events left the stream before health-service first ran are monitored too. The listing is a
 * snapshot: an event that happens later still wins. Without the RPC (not deployed, token-service down) it does
 * nothing and says so; the events keep the table right from then on.
 */
export async function backfillConnections(ctx: HealthContext): Promise<BackfillResult> {
  let after: string | undefined;
  let listed = 0;
  for (;;) {
    const readAt = ctx.now();
    let page: Awaited<ReturnType<typeof ctx.rpc.call<typeof ListAllConnections>>>;
    try {
      page = await ctx.rpc.call(ListAllConnections, { limit: 500, ...(after ? { after } : {}) });
    } catch (error) {
      if (error instanceof AppError && error.code === "UNAVAILABLE" && listed === 0)
        return { listed, available: false };
      throw error;
    }
    for (const connection of page.data) {
      await applyConnectionFacts(ctx, {
        tenantId: connection.tenantId,
        connectionId: connection.connectionId,
        platform: connection.platform,
        status: connection.status,
        accessExpiresAt: connection.expiresAt ? new Date(connection.expiresAt) : null,
        observedAt: readAt,
      });
    }
    listed += page.data.length;
    if (page.next === null) return { listed, available: true };
    after = page.next;
  }
}
