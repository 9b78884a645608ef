import { and, eq, isNull, lt, or } from "drizzle-orm";
import type { GatewayContext } from "../context";
import { apiKeys } from "../db/schema";
import { hashApiKey } from "./api-key";

/** `last_used_at` is written at most this often per key, so a busy key does not cost a write per request. */
const lastUsedResolutionMs = 60_000;

/**
 * When this process last wrote (or found fresh) each key's `last_used_at`: within the resolution the UPDATE would
 * match no row, so it is not sent (one round trip less per request). Only the write is skipped: the key itself
 * is read on every request, so a revoked key is refused at once. Bounded: stale entries go at the next sweep.
 */
const lastUsedWrittenAt = new Map<string, number>();
const lastUsedMemoMax = 10_000;

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
  const writtenAt = lastUsedWrittenAt.get(key.keyId);
  if (
    writtenAt !== undefined &&
    now.getTime() - writtenAt >= 0 &&
    now.getTime() - writtenAt < lastUsedResolutionMs
  ) {
    return { keyId: key.keyId, tenantId: key.tenantId };
  }
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
  rememberLastUsedWrite(key.keyId, now.getTime());
  return { keyId: key.keyId, tenantId: key.tenantId };
}

function rememberLastUsedWrite(keyId: string, at: number): void {
  if (lastUsedWrittenAt.size >= lastUsedMemoMax) {
    for (const [id, writtenAt] of lastUsedWrittenAt) {
      if (at - writtenAt >= lastUsedResolutionMs || at < writtenAt) lastUsedWrittenAt.delete(id);
    }
    if (lastUsedWrittenAt.size >= lastUsedMemoMax) lastUsedWrittenAt.clear();
  }
  lastUsedWrittenAt.set(keyId, at);
}
