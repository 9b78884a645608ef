import type { FindAccountOwner, RpcRequest, RpcResponse } from "@postd/contracts";
import { and, eq, isNull, ne } from "drizzle-orm";
import { hashWebhookSecret } from "../connections/plan-store";
import type { TokenContext } from "../context";
import { connectionAccounts, connections } from "../db/schema";

type OwnerMatches = RpcResponse<typeof FindAccountOwner>["matches"];

/**
 * `svc.token.find-account-owner`: whose connections a platform webhook is about. Deliberately across tenants (a
 * webhook names a platform account, not a tenant; several tenants may have connected the same Page). Matches an
 * account's external id, or a connection's platform user id (TikTok open_id), or — Mailchimp — the SHA-256 of the
 * webhook URL secret. Revoked connections are left out.
 */
export async function findAccountOwner(
  ctx: Pick<TokenContext, "db">,
  input: RpcRequest<typeof FindAccountOwner>,
): Promise<RpcResponse<typeof FindAccountOwner>> {
  if ("webhookSecret" in input) {
    const rows = await ctx.db
      .select({ tenantId: connections.tenantId, connectionId: connections.id })
      .from(connections)
      .where(
        and(
          eq(connections.webhookSecretHash, hashWebhookSecret(input.webhookSecret)),
          ne(connections.status, "revoked"),
        ),
      );
    return { matches: rows.map((row) => ({ ...row, accountId: null })) };
  }
  const byAccount = await ctx.db
    .select({
      tenantId: connections.tenantId,
      connectionId: connections.id,
      accountId: connectionAccounts.id,
    })
    .from(connectionAccounts)
    .innerJoin(connections, eq(connections.id, connectionAccounts.connectionId))
    .where(
      and(
        eq(connectionAccounts.externalId, input.externalAccountId),
        isNull(connectionAccounts.removedAt),
        eq(connections.platform, input.platform),
        ne(connections.status, "revoked"),
      ),
    );
  const byUser = await ctx.db
    .select({ tenantId: connections.tenantId, connectionId: connections.id })
    .from(connections)
    .where(
      and(
        eq(connections.platform, input.platform),
        eq(connections.externalUserId, input.externalAccountId),
        ne(connections.status, "revoked"),
      ),
    );
  const matches: OwnerMatches = [...byAccount];
  for (const row of byUser) {
    if (!matches.some((match) => match.connectionId === row.connectionId))
      matches.push({ ...row, accountId: null });
  }
  return { matches };
}
