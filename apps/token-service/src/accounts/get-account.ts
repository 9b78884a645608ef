import type { AccountDetails } from "@postd/contracts";
import { notFound } from "@postd/service-kit";
import type { TokenContext } from "../context";
import { findAccountDetails } from "./account-details";

/** `svc.token.get-account`: an account id → its connection, platform, kind and the connection's status. */
export async function getAccount(
  ctx: Pick<TokenContext, "db">,
  input: { tenantId: string; accountId: string },
): Promise<AccountDetails> {
  const [account] = await findAccountDetails(ctx.db, {
    tenantId: input.tenantId,
    accountIds: [input.accountId],
  });
  if (!account) throw notFound(`account ${input.accountId}`);
  return account;
}
