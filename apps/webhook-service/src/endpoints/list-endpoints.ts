import type { ListWebhookEndpoints, RpcRequest, RpcResponse } from "@postd/contracts";
import { and, asc, eq, isNull } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { endpoints } from "../db/schema";
import { endpointView } from "./endpoint-view";

/** The tenant's endpoints, oldest first (a tenant has a handful: WEBHOOK_MAX_ENDPOINTS_PER_TENANT). */
export async function listEndpoints(
  ctx: WebhookContext,
  input: RpcRequest<typeof ListWebhookEndpoints>,
): Promise<RpcResponse<typeof ListWebhookEndpoints>> {
  const rows = await ctx.db
    .select()
    .from(endpoints)
    .where(and(eq(endpoints.tenantId, input.tenantId), isNull(endpoints.deletedAt)))
    .orderBy(asc(endpoints.id));
  const now = ctx.now();
  return { data: rows.map((row) => endpointView(row, now)) };
}
