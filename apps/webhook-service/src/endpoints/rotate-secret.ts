import type { RotateWebhookSecret, RpcRequest, RpcResponse } from "@postd/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { endpoints } from "../db/schema";
import { createSigningSecret } from "../signing/sign-delivery";
import { findEndpoint } from "./find-endpoint";

/**
 * A new signing secret, answered once. The current one becomes the previous one and keeps signing alongside for
 * `secretOverlapMs` (24 h by default), so a receiver can switch without refusing a delivery. Rotating again within
 * the overlap drops the older previous secret: only the last two ever sign.
 */
export async function rotateSecret(
  ctx: WebhookContext,
  input: RpcRequest<typeof RotateWebhookSecret>,
): Promise<RpcResponse<typeof RotateWebhookSecret>> {
  const secret = createSigningSecret();
  const previousSecretExpiresAt = new Date(ctx.now().getTime() + ctx.settings.secretOverlapMs);
  await ctx.db.transaction(async (tx) => {
    const current = await findEndpoint(tx, { ...input, forUpdate: true });
    await tx
      .update(endpoints)
      .set({
        secretCiphertext: await ctx.secrets.seal({
          tenantId: input.tenantId,
          endpointId: current.id,
          secret,
        }),
        previousSecretCiphertext: current.secretCiphertext,
        previousSecretExpiresAt,
        updatedAt: sql`now()`,
      })
      .where(and(eq(endpoints.id, current.id), eq(endpoints.tenantId, input.tenantId)));
  });
  ctx.logger.info(
    { endpointId: input.endpointId, tenantId: input.tenantId, previousSecretExpiresAt },
    "webhook signing secret rotated",
  );
  return { secret, previousSecretExpiresAt: previousSecretExpiresAt.toISOString() };
}
