import type { TokenSet } from "@postd/connectors";
import { ConnectionTokenRefreshed } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import { and, eq, sql } from "drizzle-orm";
import { enqueueStatusChanged } from "../connections/status-events";
import type { TokenContext } from "../context";
import { type ConnectionRow, connections, outbox } from "../db/schema";
import { encryptSecrets, type PlainSecret } from "../secrets/encrypt-secrets";
import { upsertSecrets } from "../secrets/write-secrets";
import { lockClaimedRow } from "./lock-claimed-row";
import { grantEndsSoon, plannedRefreshAt } from "./refresh-window";

/**
 * Writes a refresh's new tokens, fenced: only while the row is still at the claimed version and claimed by us.
 * Bumps the version, clears the claim, plans the next refresh and emits `connection.token_refreshed.v1` (no token)
 * — plus `connection.status_changed.v1` when the refresh moves the status (expiring/error/needs_reauth → active).
 * A refresh token the platform did not send again is kept, never cleared.
 */
export async function storeRefreshedTokens(
  ctx: Pick<TokenContext, "db" | "vault" | "settings">,
  input: { claimed: ConnectionRow; owner: string; tokens: TokenSet },
): Promise<ConnectionRow> {
  const { claimed, owner, tokens } = input;
  const values: PlainSecret[] = [
    { connectionId: claimed.id, accountId: null, field: "access_token", plaintext: tokens.accessToken },
  ];
  if (tokens.refreshToken) {
    values.push({
      connectionId: claimed.id,
      accountId: null,
      field: "refresh_token",
      plaintext: tokens.refreshToken,
    });
  }
  const sealed = await encryptSecrets(ctx.vault, claimed.tenantId, values);
  return ctx.db.transaction(async (tx) => {
    const current = await lockClaimedRow(tx, { claimed, owner });
    const now = Date.now();
    const refreshTokenExpiresAt = tokens.refreshToken
      ? tokens.refreshTokenExpiresAt
      : current.refreshTokenExpiresAt;
    const status = grantEndsSoon(ctx.settings, refreshTokenExpiresAt, now) ? "expiring" : "active";
    const reason =
      status === current.status ? current.statusReason : status === "expiring" ? "grant_ends_soon" : null;
    const timing = { platform: current.platform, expiresAt: tokens.expiresAt, tokenUpdatedAt: new Date(now) };
    const [row] = await tx
      .update(connections)
      .set({
        version: sql`${connections.version} + 1`,
        refreshOwner: null,
        refreshClaimedAt: null,
        expiresAt: tokens.expiresAt,
        refreshTokenExpiresAt,
        scopes: tokens.scopes.length > 0 ? tokens.scopes : current.scopes,
        tokenUpdatedAt: new Date(now),
        lastRefreshedAt: new Date(now),
        refreshFailures: 0,
        lastRefreshError: null,
        nextRefreshAt: plannedRefreshAt(ctx.settings, timing, { now }),
        status,
        statusReason: reason,
        updatedAt: new Date(now),
      })
      .where(and(eq(connections.id, current.id), eq(connections.version, current.version)))
      .returning();
    if (!row) throw new Error(`connection ${current.id} vanished under its row lock`);
    await upsertSecrets(tx, current.tenantId, sealed);
    await enqueueEvent(tx, outbox, {
      event: ConnectionTokenRefreshed,
      tenantId: current.tenantId,
      data: {
        connectionId: current.id,
        platform: current.platform,
        expiresAt: tokens.expiresAt?.toISOString() ?? null,
      },
    });
    await enqueueStatusChanged(tx, {
      tenantId: current.tenantId,
      connectionId: current.id,
      platform: current.platform,
      from: current.status,
      to: status,
      reason: status === "active" ? "token_refreshed" : "grant_ends_soon",
    });
    return row;
  });
}
