import type { ListDeadLetters, Platform, RpcResponse } from "@postd/contracts";
import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import type { PublishContext } from "../context";
import { deadLetters } from "../db/schema";
import { toDeadLetterView } from "./dead-letter-view";

/** `svc.publish.list-dead-letters`: the tenant's open dead letters (neither replayed nor discarded), newest first. */
export async function listDeadLetters(
  ctx: PublishContext,
  input: { tenantId: string; platform?: Platform; cursor?: string; limit: number },
): Promise<RpcResponse<typeof ListDeadLetters>> {
  const conditions: SQL[] = [
    eq(deadLetters.tenantId, input.tenantId),
    isNull(deadLetters.replayedAt),
    isNull(deadLetters.discardedAt),
  ];
  if (input.platform) conditions.push(eq(deadLetters.platform, input.platform));
  if (input.cursor) conditions.push(lt(deadLetters.id, input.cursor));
  const page = await ctx.db
    .select()
    .from(deadLetters)
    .where(and(...conditions))
    .orderBy(desc(deadLetters.id))
    .limit(input.limit + 1);
  const shown = page.slice(0, input.limit);
  return {
    data: shown.map(toDeadLetterView),
    nextCursor: page.length > input.limit ? (shown.at(-1)?.id ?? null) : null,
  };
}
