import type { ListAllConnections, RpcResponse } from "@postd/contracts";
import { asc, gt } from "drizzle-orm";
import type { TokenContext } from "../context";
import { connections } from "../db/schema";

/**
 * `svc.token.list-all-connections`: every connection of every tenant, paged by id, never a token — for
 * health-service's reconciler (system callers only; the gateway never exposes it).
 */
export async function listAllConnections(
  ctx: Pick<TokenContext, "db">,
  input: { after?: string | undefined; limit: number },
): Promise<RpcResponse<typeof ListAllConnections>> {
  const rows = await ctx.db
    .select({
      tenantId: connections.tenantId,
      connectionId: connections.id,
      platform: connections.platform,
      status: connections.status,
      expiresAt: connections.expiresAt,
    })
    .from(connections)
    .where(input.after === undefined ? undefined : gt(connections.id, input.after))
    .orderBy(asc(connections.id))
    .limit(input.limit);
  const last = rows.at(-1);
  return {
    data: rows.map((row) => ({ ...row, expiresAt: row.expiresAt?.toISOString() ?? null })),
    next: last && rows.length === input.limit ? last.connectionId : null,
  };
}
