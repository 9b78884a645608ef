import type { GetAccessToken, RpcResponse } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import type { z } from "zod";
import type { AccessMeta, TokenContext } from "../context";
import { readSecrets } from "../secrets/read-secrets";
import { ensureFreshToken } from "./ensure-fresh-token";
import { resolveTokenTarget } from "./resolve-token-target";
import { assertUsableConnection } from "./usable-connection";

export type GetAccessTokenInput = z.output<typeof GetAccessToken.request>;
export type AccessTokenAnswer = RpcResponse<typeof GetAccessToken>;

/**
 * A token to call the platform with: the account's own token when it has one (a Meta Page token) plus the user
 * token, refreshed first when inside the margin or forced. Every value read is recorded in the access log.
 */
export async function getAccessToken(
  ctx: TokenContext,
  input: GetAccessTokenInput & { access: Omit<AccessMeta, "purpose"> },
): Promise<AccessTokenAnswer> {
  const target = await resolveTokenTarget(ctx.db, input);
  assertUsableConnection(target.connection);
  const connection = await ensureFreshToken(ctx, target.connection, { force: input.forceRefresh });
  const { account } = target;
  const stored = await readSecrets(ctx, {
    tenantId: connection.tenantId,
    connectionId: connection.id,
    accountId: account?.id ?? null,
    fields: account ? ["access_token", "account_token"] : ["access_token"],
    access: { ...input.access, purpose: input.purpose },
  });
  const userAccessToken = stored.connection.access_token;
  if (userAccessToken === undefined) {
    throw new AppError("INTERNAL", `connection ${connection.id} holds no access token`);
  }
  return {
    connectionId: connection.id,
    platform: connection.platform,
    status: connection.status,
    accessToken: stored.account.account_token ?? userAccessToken,
    userAccessToken,
    expiresAt: connection.expiresAt?.toISOString() ?? null,
    connection: { ...connection.metadata },
    account: account
      ? {
          id: account.id,
          externalId: account.externalId,
          name: account.name,
          kind: account.kind,
          metadata: { ...account.metadata },
        }
      : null,
  };
}
