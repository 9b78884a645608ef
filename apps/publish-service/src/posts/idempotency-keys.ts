import type { AcceptedPost } from "@postd/contracts";
import { AppError, type DatabaseOrTransaction, type DrizzleTransaction } from "@postd/service-kit";
import { and, eq, gt, sql } from "drizzle-orm";
import { idempotencyKeys, type Tables } from "../db/schema";

export interface StoredAnswer {
  requestHash: string;
  response: AcceptedPost;
}

/** The live (unexpired) first answer to this tenant's key, if any. */
export async function findStoredAnswer(
  db: DatabaseOrTransaction<Tables>,
  input: { tenantId: string; key: string },
): Promise<StoredAnswer | null> {
  const [row] = await db
    .select({ requestHash: idempotencyKeys.requestHash, response: idempotencyKeys.response })
    .from(idempotencyKeys)
    .where(
      and(
        eq(idempotencyKeys.tenantId, input.tenantId),
        eq(idempotencyKeys.key, input.key),
        gt(idempotencyKeys.expiresAt, sql`now()`),
      ),
    );
  if (!row || row.response === null) return null;
  return { requestHash: row.requestHash, response: row.response as AcceptedPost };
}

/** Stripe's rule: the same key and body replay the first answer; the same key with another body is a conflict. */
export function replayStoredAnswer(stored: StoredAnswer, requestHash: string): AcceptedPost {
  if (stored.requestHash !== requestHash) {
    throw new AppError(
      "CONFLICT",
      "this Idempotency-Key was already used with a different request body; use a new key for a new post",
    );
  }
  return stored.response;
}

/**
 * The first statement of the create transaction: takes the key for this request. A concurrent request with the
 * same key blocks here on the primary key until the first commits (then finds it taken) or rolls back (then
 * takes it). An expired key is taken over. False when the key is live and someone else's answer.
 */
export async function takeIdempotencyKey(
  tx: DrizzleTransaction<Tables>,
  input: { tenantId: string; key: string; requestHash: string; ttlMs: number },
): Promise<boolean> {
  const expiresAt = sql`now() + make_interval(secs => ${input.ttlMs / 1_000})`;
  const taken = await tx
    .insert(idempotencyKeys)
    .values({ tenantId: input.tenantId, key: input.key, requestHash: input.requestHash, expiresAt })
    .onConflictDoUpdate({
      target: [idempotencyKeys.tenantId, idempotencyKeys.key],
      set: { requestHash: input.requestHash, response: null, createdAt: sql`now()`, expiresAt },
      setWhere: sql`${idempotencyKeys.expiresAt} <= now()`,
    })
    .returning({ key: idempotencyKeys.key });
  return taken.length > 0;
}

export async function storeAnswer(
  tx: DrizzleTransaction<Tables>,
  input: { tenantId: string; key: string; response: AcceptedPost },
): Promise<void> {
  await tx
    .update(idempotencyKeys)
    .set({ response: input.response })
    .where(and(eq(idempotencyKeys.tenantId, input.tenantId), eq(idempotencyKeys.key, input.key)));
}

/** Deletes expired keys; every replica may run it. */
export async function purgeIdempotencyKeys(db: DatabaseOrTransaction<Tables>): Promise<number> {
  const deleted = await db
    .delete(idempotencyKeys)
    .where(sql`${idempotencyKeys.expiresAt} <= now()`)
    .returning({ key: idempotencyKeys.key });
  return deleted.length;
}
