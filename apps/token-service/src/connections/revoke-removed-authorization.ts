import type { EventEnvelope, WebhookReceived } from "@postd/contracts";
import { and, eq } from "drizzle-orm";
import { findAccountOwner } from "../accounts/find-account-owner";
import type { TokenContext } from "../context";
import { connections, processedEvents } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";
import { markRevoked } from "./mark-revoked";

/** A removal that happened more than this before the connection was (re)authorized is about the older grant. */
const reconnectToleranceMs = 60_000;

/**
 * `webhook.received.v1` with kind `authorization_removed`: the user removed the app on the platform, so every
 * matching connection becomes `revoked` (`platform_authorization_removed`), its secrets deleted, with
 * `connection.revoked.v1`. Idempotent: the event id is recorded in the same transaction, so a redelivery has no
 * second effect; a connection re-authorized after the removal is left alone. Returns how many were revoked.
 */
export async function revokeRemovedAuthorization(
  ctx: Pick<TokenContext, "db" | "logger" | "scheduler">,
  envelope: EventEnvelope<typeof WebhookReceived>,
): Promise<number> {
  const { data } = envelope;
  if (data.kind !== "authorization_removed") return 0;
  const targets = await findTargets(ctx, envelope);
  const occurredAt = new Date(data.occurredAt).getTime();
  const revoked = await ctx.db.transaction(async (tx) => {
    const first = await tx
      .insert(processedEvents)
      .values({ eventId: envelope.id })
      .onConflictDoNothing()
      .returning();
    if (first.length === 0) return [];
    const done: string[] = [];
    for (const target of targets) {
      if (await reauthorizedSince(tx, target, occurredAt)) continue;
      const row = await markRevoked(tx, { ...target, reason: "platform_authorization_removed" });
      if (row) done.push(row.id);
    }
    return done;
  });
  if (revoked.length > 0) {
    ctx.logger.info(
      { platform: data.platform, connectionIds: revoked },
      "authorization removed at the platform: connections revoked",
    );
  }
  return revoked.length;
}

async function findTargets(
  ctx: Pick<TokenContext, "db">,
  envelope: EventEnvelope<typeof WebhookReceived>,
): Promise<Array<{ tenantId: string; connectionId: string }>> {
  const { data, tenantId } = envelope;
  if (data.connectionId && tenantId) return [{ tenantId, connectionId: data.connectionId }];
  if (!data.externalAccountId) return [];
  const { matches } = await findAccountOwner(ctx, {
    platform: data.platform,
    externalAccountId: data.externalAccountId,
  });
  const unique = new Map<string, { tenantId: string; connectionId: string }>();
  for (const match of matches) {
    if (tenantId === null || match.tenantId === tenantId) unique.set(match.connectionId, match);
  }
  return [...unique.values()];
}

async function reauthorizedSince(
  tx: TokenTransaction,
  target: { tenantId: string; connectionId: string },
  occurredAt: number,
): Promise<boolean> {
  const [row] = await tx
    .select({ tokenUpdatedAt: connections.tokenUpdatedAt, status: connections.status })
    .from(connections)
    .where(and(eq(connections.id, target.connectionId), eq(connections.tenantId, target.tenantId)));
  return (
    row !== undefined &&
    row.status !== "revoked" &&
    row.tokenUpdatedAt.getTime() > occurredAt + reconnectToleranceMs
  );
}
