import type { ReplayWebhookDelivery, RpcRequest, RpcResponse } from "@postd/contracts";
import { notFound } from "@postd/service-kit";
import { and, eq, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { deliveries } from "../db/schema";
import { findEndpoint } from "../endpoints/find-endpoint";
import { deliveryView } from "./delivery-view";
import { assertEnabled } from "./usable-endpoint";

/**
 * Sends a delivery again now, whatever its status (a dead one, a delivered one the receiver lost, one waiting for
 * its next retry), with the same id and body: a new series of attempts with the whole retry schedule ahead of it.
 * Attempt numbers carry on, so the log keeps every attempt of every series.
 */
export async function replayDelivery(
  ctx: WebhookContext,
  input: RpcRequest<typeof ReplayWebhookDelivery>,
): Promise<RpcResponse<typeof ReplayWebhookDelivery>> {
  const row = await ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(deliveries)
      .where(and(eq(deliveries.id, input.deliveryId), eq(deliveries.tenantId, input.tenantId)))
      .for("update");
    if (!current) throw notFound(`webhook delivery ${input.deliveryId}`);
    assertEnabled(await findEndpoint(tx, { tenantId: input.tenantId, endpointId: current.endpointId }));
    const [updated] = await tx
      .update(deliveries)
      .set({
        status: "pending",
        seriesStart: current.attempts,
        nextAttemptAt: sql`now()`,
        deliveredAt: null,
        updatedAt: sql`now()`,
      })
      .where(eq(deliveries.id, current.id))
      .returning();
    return updated;
  });
  if (!row) throw new Error("the replay update returned no row");
  await ctx.scheduler.runNow({ tenantId: row.tenantId, deliveryId: row.id, attempt: row.attempts + 1 });
  ctx.logger.info({ deliveryId: row.id, fromAttempt: row.attempts + 1 }, "webhook delivery replayed");
  return deliveryView(row);
}
