import { newId } from "@postd/contracts";
import { withTransaction } from "@postd/service-kit";
import { recordAudit } from "../audit/record-audit";
import type { GatewayContext } from "../context";
import { tenants } from "../db/schema";
import { insertApiKey } from "./insert-api-key";

export interface CreatedTenant {
  tenantId: string;
  keyId: string;
  /** shown once */
  apiKey: string;
}

/** A new tenant with its first API key, in one transaction. */
export async function createTenant(
  ctx: GatewayContext,
  input: { name: string; actor: string },
): Promise<CreatedTenant> {
  return withTransaction(ctx.db, async (tx) => {
    const inner = { ...ctx, db: tx };
    const tenantId = newId("tenant", ctx.now().getTime());
    await tx.insert(tenants).values({ id: tenantId, name: input.name, createdAt: ctx.now() });
    const key = await insertApiKey(inner, { tenantId });
    await recordAudit(inner, {
      tenantId,
      actor: input.actor,
      action: "tenant.created",
      target: tenantId,
      details: { name: input.name, keyId: key.keyId, keyPrefix: key.prefix },
    });
    return { tenantId, keyId: key.keyId, apiKey: key.apiKey };
  });
}
