import type { GetAccountOptions, RpcResponse } from "@postd/contracts";
import type { AccessMeta, TokenContext } from "../context";
import { getAccessToken } from "../tokens/get-access-token";
import { toAppError } from "./connector-errors";

/** `svc.token.account-options`: what the platform lets this account choose now, asked with the account's token. */
export async function getAccountOptions(
  ctx: TokenContext,
  input: { tenantId: string; accountId: string; access: Omit<AccessMeta, "purpose"> },
): Promise<RpcResponse<typeof GetAccountOptions>> {
  const token = await getAccessToken(ctx, {
    tenantId: input.tenantId,
    accountId: input.accountId,
    forceRefresh: false,
    purpose: "account-options",
    access: input.access,
  });
  const account = token.account;
  if (!account) throw new Error("an account token came back without its account");
  try {
    const answer = await ctx.connectors.get(token.platform).getAccountOptions({
      accessToken: token.accessToken,
      userAccessToken: token.userAccessToken,
      account: {
        externalId: account.externalId,
        kind: account.kind,
        name: account.name,
        metadata: account.metadata,
      },
      connection: token.connection,
    });
    return { platform: token.platform, kind: answer.kind, options: answer.options };
  } catch (error) {
    throw toAppError(error, `account options of ${input.accountId}`);
  }
}
