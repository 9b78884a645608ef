import { type AccountAccess, isConnectorError } from "@postd/connectors";
import { GetAccessToken } from "@postd/contracts";
import type { PublishContext } from "../context";
import type { TargetRow } from "../db/schema";
import { TokenRefusedAfterRefreshError } from "./failure-decision";

type TokenPurpose = "publish" | "delete" | "analytics";

/** A token for the target's account from token-service (the only holder of tokens), as a connector takes it. */
export async function fetchAccountAccess(
  ctx: PublishContext,
  target: Pick<TargetRow, "tenantId" | "accountId">,
  options: { purpose: TokenPurpose; forceRefresh: boolean },
): Promise<AccountAccess> {
  const token = await ctx.rpc.call(GetAccessToken, {
    tenantId: target.tenantId,
    accountId: target.accountId,
    forceRefresh: options.forceRefresh,
    purpose: options.purpose,
  });
  if (!token.account) throw new Error(`token-service answered no account for ${target.accountId}`);
  return {
    accessToken: token.accessToken,
    userAccessToken: token.userAccessToken,
    account: {
      externalId: token.account.externalId,
      kind: token.account.kind,
      name: token.account.name,
      metadata: token.account.metadata,
    },
    connection: token.connection,
  };
}

/**
 * Runs `work` with the account's token; when the platform says the token expired, asks token-service for a
 * forced refresh once and runs it again at once (the same attempt: an expiry costs no attempt). A second expiry
 * with a fresh token means the grant is unusable: TokenRefusedAfterRefreshError.
 */
export async function withAccountAccess<T>(
  ctx: PublishContext,
  target: Pick<TargetRow, "tenantId" | "accountId" | "id">,
  options: { purpose: TokenPurpose },
  work: (access: AccountAccess) => Promise<T>,
): Promise<T> {
  const access = await fetchAccountAccess(ctx, target, { purpose: options.purpose, forceRefresh: false });
  try {
    return await work(access);
  } catch (error) {
    if (!isConnectorError(error) || error.kind !== "auth_expired") throw error;
    ctx.logger.info(
      { targetId: target.id, code: error.platformCode },
      "token expired at the platform; refreshing once",
    );
  }
  const refreshed = await fetchAccountAccess(ctx, target, { purpose: options.purpose, forceRefresh: true });
  try {
    return await work(refreshed);
  } catch (error) {
    if (isConnectorError(error) && error.kind === "auth_expired")
      throw new TokenRefusedAfterRefreshError(error);
    throw error;
  }
}
