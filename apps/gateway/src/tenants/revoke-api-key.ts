import { notFound, withTransaction } from "@postd/service-kit";
import { and, eq, isNull } from "drizzle-orm";
import { recordAudit } from "../audit/record-audit";
import type { GatewayContext } from "../context";
import { apiKeys } from "../db/schema";

/**
 * Revokes one of a tenant's keys: refused from the next request on. Revoking an already revoked key is a no-op
 * (the first revocation time stays); a key of another tenant is NOT_FOUND like a missing one.
 */
export async function revokeApiKey(
  ctx: GatewayContext,
  input: { tenantId: string; keyId: string; actor: string },
): Promise<void> {
  await withTransaction(ctx.db, async (tx) => {
    const [key] = await tx
      .select({ id: apiKeys.id, revokedAt: apiKeys.revokedAt })
      .from(apiKeys)
      .where(and(eq(apiKeys.id, input.keyId), eq(apiKeys.tenantId, input.tenantId)));
    if (!key) throw notFound(`API key ${input.keyId}`);
    if (key.revokedAt) return;
    await tx
      .update(apiKeys)
      .set({ revokedAt: ctx.now() })
      .where(
        and(eq(apiKeys.id, input.keyId), eq(apiKeys.tenantId, input.tenantId), isNull(apiKeys.revokedAt)),
      );
    await recordAudit(
      { ...ctx, db: tx },
      { tenantId: input.tenantId, actor: input.actor, action: "api_key.revoked", target: input.keyId },
    );
  });
}
