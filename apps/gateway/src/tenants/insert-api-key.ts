import { newId } from "@postd/contracts";
import { generateApiKey } from "../auth/api-key";
import type { GatewayContext } from "../context";
import { apiKeys } from "../db/schema";

export interface InsertedApiKey {
  keyId: string;
  apiKey: string;
  prefix: string;
}

/** Generates a key and stores its hash; the key itself leaves only in the return value. */
export async function insertApiKey(
  ctx: GatewayContext,
  input: { tenantId: string },
): Promise<InsertedApiKey> {
  const { apiKey, keyHash, prefix } = generateApiKey();
  const keyId = newId("apiKey", ctx.now().getTime());
  await ctx.db
    .insert(apiKeys)
    .values({ id: keyId, tenantId: input.tenantId, keyHash, prefix, createdAt: ctx.now() });
  return { keyId, apiKey, prefix };
}
