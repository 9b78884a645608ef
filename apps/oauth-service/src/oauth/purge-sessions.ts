import type { DrizzleDatabase } from "@postd/service-kit";
import { and, isNotNull, isNull, lte, or, sql } from "drizzle-orm";
import { oauthSessions, type Tables } from "../db/schema";

export interface PurgeResult {
  /** expired sessions whose PKCE verifier was wiped (and, if never completed, marked `abandoned`) */
  expired: number;
  /** sessions past the retention, deleted */
  deleted: number;
}

/**
 * Housekeeping, safe to run from every replica at once: wipes the verifier of every expired session (an unused
 * one is marked `abandoned`), and deletes sessions that expired more than `retentionMs` ago.
 */
export async function purgeSessions(
  db: DrizzleDatabase<Tables>,
  input: { retentionMs: number },
): Promise<PurgeResult> {
  const expired = await db
    .update(oauthSessions)
    .set({
      codeVerifierCiphertext: null,
      outcome: sql`coalesce(${oauthSessions.outcome}, case when ${oauthSessions.usedAt} is null then 'abandoned' end)`,
    })
    .where(
      and(
        lte(oauthSessions.expiresAt, sql`now()`),
        or(
          isNotNull(oauthSessions.codeVerifierCiphertext),
          and(isNull(oauthSessions.outcome), isNull(oauthSessions.usedAt)),
        ),
      ),
    )
    .returning({ id: oauthSessions.id });
  const deleted = await db
    .delete(oauthSessions)
    .where(lte(oauthSessions.expiresAt, sql`now() - make_interval(secs => ${input.retentionMs / 1000})`))
    .returning({ id: oauthSessions.id });
  return { expired: expired.length, deleted: deleted.length };
}
