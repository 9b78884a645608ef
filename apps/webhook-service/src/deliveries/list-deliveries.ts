import type { ListWebhookDeliveries, RpcRequest, RpcResponse } from "@postd/contracts";
import { and, desc, eq, lt } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { deliveries } from "../db/schema";
import { findEndpoint } from "../endpoints/find-endpoint";
import { deliveryView } from "./delivery-view";

type ListInput = RpcRequest<typeof ListWebhookDeliveries>;

/** An endpoint's deliveries, newest first; `nextCursor` is the last id of the page (ids sort by creation time). */
export async function listDeliveries(
  ctx: WebhookContext,
  input: ListInput,
): Promise<RpcResponse<typeof ListWebhookDeliveries>> {
  await findEndpoint(ctx.db, input);
  const limit = input.limit ?? 20;
  const rows = await ctx.db
    .select()
    .from(deliveries)
    .where(
      and(
        eq(deliveries.tenantId, input.tenantId),
        eq(deliveries.endpointId, input.endpointId),
        input.status === undefined ? undefined : eq(deliveries.status, input.status),
        input.cursor === undefined ? undefined : lt(deliveries.id, input.cursor),
      ),
    )
    .orderBy(desc(deliveries.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const more = rows.length > limit;
  return { data: page.map(deliveryView), nextCursor: more ? (page.at(-1)?.id ?? null) : null };
}
