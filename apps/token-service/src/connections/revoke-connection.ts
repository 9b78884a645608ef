import { isConnectorError, isUnsupportedOperation } from "@postd/connectors";
import type { RevokeConnection, RpcResponse } from "@postd/contracts";
import { internalAccess, type TokenContext } from "../context";
import type { ConnectionRow } from "../db/schema";
import { readSecrets } from "../secrets/read-secrets";
import { loadConnection } from "./load-connection";
import { markRevoked } from "./mark-revoked";

type RevokeAnswer = RpcResponse<typeof RevokeConnection>;

/**
 * `svc.token.revoke` (disconnect): revokes the grant at the platform where the connector can (a platform that
 * cannot, or fails, is reported in `detail`; the local disconnect goes ahead either way), then in one transaction
 * deletes the secrets, marks the connection revoked and writes `connection.revoked.v1` (`tenant_disconnected`).
 * Repeating it answers the same without a second effect.
 */
export async function revokeConnection(
  ctx: TokenContext,
  input: { tenantId: string; connectionId: string; requestId: string | null },
): Promise<RevokeAnswer> {
  const row = await loadConnection(ctx.db, input);
  if (row.status === "revoked") {
    return {
      connectionId: row.id,
      revokedAtPlatform: false,
      detail: "the connection was already disconnected",
    };
  }
  const atPlatform = await revokeAtPlatform(ctx, row, input.requestId);
  const revoked = await ctx.db.transaction((tx) =>
    markRevoked(tx, { tenantId: row.tenantId, connectionId: row.id, reason: "tenant_disconnected" }),
  );
  ctx.crashPoint("after-revoke-commit");
  if (revoked) {
    ctx.logger.info(
      { connectionId: row.id, platform: row.platform, revokedAtPlatform: atPlatform.revoked },
      "connection disconnected",
    );
    await ctx.scheduler.unschedule(row.id, row.version);
  }
  return { connectionId: row.id, revokedAtPlatform: atPlatform.revoked, detail: atPlatform.detail };
}

async function revokeAtPlatform(
  ctx: TokenContext,
  row: ConnectionRow,
  requestId: string | null,
): Promise<{ revoked: boolean; detail: string }> {
  const connector = ctx.connectors.get(row.platform);
  if (!connector.capabilities.revoke) {
    return {
      revoked: false,
      detail: `${row.platform} offers no revocation: the grant ends when the user removes the app or it expires; its tokens are deleted here`,
    };
  }
  try {
    const stored = await readSecrets(ctx, {
      tenantId: row.tenantId,
      connectionId: row.id,
      fields: ["access_token"],
      access: { ...internalAccess("revoke"), requestId },
    });
    const accessToken = stored.connection.access_token;
    if (!accessToken)
      return { revoked: false, detail: "no token was stored to revoke with; tokens deleted here" };
    await connector.revoke({ accessToken, connection: { ...row.metadata } });
    return { revoked: true, detail: `revoked at ${row.platform}; tokens deleted` };
  } catch (error) {
    if (isUnsupportedOperation(error))
      return { revoked: false, detail: `${row.platform} offers no revocation; tokens deleted here` };
    const kind = isConnectorError(error) ? error.kind : "internal";
    ctx.logger.warn(
      { err: error, connectionId: row.id, platform: row.platform, kind },
      "revocation at the platform failed",
    );
    return {
      revoked: false,
      detail: `revocation at ${row.platform} failed (${kind}); tokens deleted here, the grant may last until it expires`,
    };
  }
}
