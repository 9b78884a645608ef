import type { DrizzleDatabase } from "@postd/service-kit";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { type OAuthSessionRow, oauthSessions, type Tables } from "../db/schema";

export type ConsumedSession =
  /** this call took the state: it is now used, whatever happens next */
  | { kind: "consumed"; session: OAuthSessionRow }
  /** taken before (a replay, or a concurrent duplicate that lost the race) */
  | { kind: "used"; session: OAuthSessionRow }
  | { kind: "expired"; session: OAuthSessionRow }
  | { kind: "unknown" };

/**
 * Takes the state in one statement: `used_at` is set only if it was unset and the session has not expired (by the
 * database's clock), so of any number of concurrent completes exactly one gets the row. The others, and any later
 * replay, see why not.
 */
export async function consumeSession(
  db: DrizzleDatabase<Tables>,
  stateHash: string,
): Promise<ConsumedSession> {
  const [consumed] = await db
    .update(oauthSessions)
    .set({ usedAt: sql`now()` })
    .where(
      and(
        eq(oauthSessions.stateHash, stateHash),
        isNull(oauthSessions.usedAt),
        gt(oauthSessions.expiresAt, sql`now()`),
      ),
    )
    .returning();
  if (consumed) return { kind: "consumed", session: consumed };
  const [session] = await db.select().from(oauthSessions).where(eq(oauthSessions.stateHash, stateHash));
  if (!session) return { kind: "unknown" };
  return { kind: session.usedAt === null ? "expired" : "used", session };
}

/**
 * Writes how the attempt ended (once: a replay does not overwrite the first outcome) and wipes the stored PKCE
 * verifier, which is never needed again.
 */
export async function recordOutcome(
  db: DrizzleDatabase<Tables>,
  input: { sessionId: string; outcome: string; connectionId?: string },
): Promise<void> {
  await db
    .update(oauthSessions)
    .set({
      outcome: input.outcome,
      connectionId: input.connectionId ?? null,
      completedAt: sql`now()`,
      codeVerifierCiphertext: null,
    })
    .where(and(eq(oauthSessions.id, input.sessionId), isNull(oauthSessions.outcome)));
}
