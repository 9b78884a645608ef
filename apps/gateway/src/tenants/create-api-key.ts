import { notFound, withTransaction } from "@postd/service-kit";
import { recordAudit } from "../audit/record-audit";
import type { GatewayContext } from "../context";
import { findTenant } from "./find-tenant";
import { insertApiKey } from "./insert-api-key";

/** Another key for a tenant (several may be live at once, so a tenant can rotate without downtime). */
export async function createApiKey(
  ctx: GatewayContext,
  input: { tenantId: string; actor: string },
): Promise<{ keyId: string; apiKey: string }> {
  return withTransaction(ctx.db, async (tx) => {
    const inner = { ...ctx, db: tx };
    if (!(await findTenant(inner, input.tenantId))) throw notFound(`tenant ${input.tenantId}`);
    const key = await insertApiKey(inner, { tenantId: input.tenantId });
    await recordAudit(inner, {
      tenantId: input.tenantId,
      actor: input.actor,
      action: "api_key.created",
      target: key.keyId,
      details: { keyPrefix: key.prefix },
    });
    return { keyId: key.keyId, apiKey: key.apiKey };
  });
}
