import type { DeleteWebhookEndpoint, RpcRequest, RpcResponse } from "@postd/contracts";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { endpoints } from "../db/schema";
import { findEndpoint } from "./find-endpoint";

/**
 * Deletes an endpoint: it receives nothing more (its waiting deliveries end `dead` when their attempt comes up) and
 * its rotated-out secret is forgotten. The row stays, so its delivery log can still be read by operators.
 */
export async function deleteEndpoint(
  ctx: WebhookContext,
  input: RpcRequest<typeof DeleteWebhookEndpoint>,
): Promise<RpcResponse<typeof DeleteWebhookEndpoint>> {
  await findEndpoint(ctx.db, input);
  await ctx.db
    .update(endpoints)
    .set({
      deletedAt: sql`now()`,
      updatedAt: sql`now()`,
      enabled: false,
      disabledReason: "deleted",
      previousSecretCiphertext: null,
      previousSecretExpiresAt: null,
    })
    .where(
      and(
        eq(endpoints.id, input.endpointId),
        eq(endpoints.tenantId, input.tenantId),
        isNull(endpoints.deletedAt),
      ),
    );
  ctx.logger.info({ endpointId: input.endpointId, tenantId: input.tenantId }, "webhook endpoint deleted");
  return { endpointId: input.endpointId };
}
