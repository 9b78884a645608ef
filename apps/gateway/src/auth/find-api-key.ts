import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { GatewayContext } from "../context";
import { apiKeys } from "../db/schema";
import { hashApiKey } from "./api-key";

/** `last_used_at` is written at most this often per key, so a busy key does not cost a write per request. */
const lastUsedResolutionMs = 60_000;

/** The live key matching a presented API key, or null (unknown or revoked: both are simply not valid). */
export async function findApiKey(
  ctx: GatewayContext,
  apiKey: string,
): Promise<{ keyId: string; tenantId: string } | null> {
  const [key] = await ctx.db
    .select({ keyId: apiKeys.id, tenantId: apiKeys.tenantId, revokedAt: apiKeys.revokedAt })
    .from(apiKeys)
    .where(eq(apiKeys.keyHash, hashApiKey(apiKey)));
  if (!key || key.revokedAt) return null;
  const now = ctx.now();
  await ctx.db
    .update(apiKeys)
    .set({ lastUsedAt: now })
    .where(
      and(
        eq(apiKeys.id, key.keyId),
        or(
          isNull(apiKeys.lastUsedAt),
          lt(apiKeys.lastUsedAt, new Date(now.getTime() - lastUsedResolutionMs)),
        ),
      ),
    );
  return { keyId: key.keyId, tenantId: key.tenantId };
}
