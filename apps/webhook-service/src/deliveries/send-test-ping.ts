import {
  newId,
  type RpcRequest,
  type RpcResponse,
  type TestWebhookEndpoint,
  webhookPingEvent,
} from "@postd/contracts";
import { sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { deliveries } from "../db/schema";
import { findEndpoint } from "../endpoints/find-endpoint";
import { deliveryView } from "./delivery-view";
import { assertEnabled } from "./usable-endpoint";

/** A `ping` delivery to one endpoint, whatever its event filter: signed, retried and logged like any other. */
export async function sendTestPing(
  ctx: WebhookContext,
  input: RpcRequest<typeof TestWebhookEndpoint>,
): Promise<RpcResponse<typeof TestWebhookEndpoint>> {
  const endpoint = await findEndpoint(ctx.db, input);
  assertEnabled(endpoint);
  const [row] = await ctx.db
    .insert(deliveries)
    .values({
      id: newId("webhookDelivery"),
      tenantId: input.tenantId,
      endpointId: endpoint.id,
      eventId: newId("event"),
      eventSubject: webhookPingEvent,
      payload: { endpointId: endpoint.id, message: "This is a test delivery from POSTD." },
      occurredAt: ctx.now(),
      nextAttemptAt: sql`now()`,
    })
    .returning();
  if (!row) throw new Error("the ping insert returned no row");
  await ctx.scheduler.schedule({ tenantId: input.tenantId, deliveryId: row.id, attempt: 1 }, { at: null });
  ctx.logger.info({ deliveryId: row.id, endpointId: endpoint.id }, "webhook test ping queued");
  return deliveryView(row);
}
