import type { RpcRequest, RpcResponse, UpdateWebhookEndpoint } from "@postd/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { type EndpointRow, endpoints } from "../db/schema";
import { acceptableEndpointUrl, uniqueEvents } from "./endpoint-url";
import { endpointView } from "./endpoint-view";
import { findEndpoint } from "./find-endpoint";

type UpdateInput = RpcRequest<typeof UpdateWebhookEndpoint>;

/**
 * Changes what the request gives. A new URL passes the outbound guard like a new endpoint's. `enabled: true`
 * re-enables an endpoint (also one disabled after failing) and starts its failure count afresh; `enabled: false`
 * stops deliveries to it, noting that the tenant did so.
 */
export async function updateEndpoint(
  ctx: WebhookContext,
  input: UpdateInput,
): Promise<RpcResponse<typeof UpdateWebhookEndpoint>> {
  const current = await findEndpoint(ctx.db, input);
  const url = input.url === undefined ? undefined : await acceptableEndpointUrl(ctx, input.url);
  const [row] = await ctx.db
    .update(endpoints)
    .set({
      ...(url === undefined ? {} : { url }),
      ...(input.events === undefined ? {} : { events: uniqueEvents(input.events) }),
      ...(input.description === undefined ? {} : { description: input.description }),
      ...enabledChange(current, input.enabled),
      updatedAt: sql`now()`,
    })
    .where(and(eq(endpoints.id, current.id), eq(endpoints.tenantId, input.tenantId)))
    .returning();
  if (!row) throw new Error("the endpoint update returned no row");
  ctx.logger.info(
    { endpointId: row.id, tenantId: input.tenantId, enabled: row.enabled },
    "webhook endpoint updated",
  );
  return endpointView(row, ctx.now());
}

function enabledChange(current: EndpointRow, enabled: boolean | undefined): Partial<EndpointRow> {
  if (enabled === true) {
    return { enabled: true, disabledReason: null, consecutiveFailures: 0, failingSince: null };
  }
  if (enabled === false && current.enabled)
    return { enabled: false, disabledReason: "disabled by the tenant" };
  return {};
}
