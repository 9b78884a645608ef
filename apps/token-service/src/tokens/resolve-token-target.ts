import { notFound } from "@postd/service-kit";
import { and, eq, isNull } from "drizzle-orm";
import { loadConnection } from "../connections/load-connection";
import { type AccountRow, type ConnectionRow, connectionAccounts } from "../db/schema";
import type { TokenDatabase } from "../db/token-database";

export interface TokenTarget {
  connection: ConnectionRow;
  account: AccountRow | null;
}

/** The connection a token is asked for, directly or through one of its (not removed) accounts. */
export async function resolveTokenTarget(
  db: TokenDatabase,
  input: { tenantId: string; connectionId?: string | undefined; accountId?: string | undefined },
): Promise<TokenTarget> {
  if (input.accountId) {
    const account = await loadAccount(db, { tenantId: input.tenantId, accountId: input.accountId });
    const connection = await loadConnection(db, {
      tenantId: input.tenantId,
      connectionId: account.connectionId,
    });
    return { connection, account };
  }
  if (!input.connectionId) throw notFound("connection");
  return {
    connection: await loadConnection(db, { tenantId: input.tenantId, connectionId: input.connectionId }),
    account: null,
  };
}

/** A tenant's account that is still listed on its connection; removed and foreign ones are NOT_FOUND alike. */
export async function loadAccount(
  db: TokenDatabase,
  input: { tenantId: string; accountId: string },
): Promise<AccountRow> {
  const [account] = await db
    .select()
    .from(connectionAccounts)
    .where(
      and(
        eq(connectionAccounts.id, input.accountId),
        eq(connectionAccounts.tenantId, input.tenantId),
        isNull(connectionAccounts.removedAt),
      ),
    );
  if (!account) throw notFound(`account ${input.accountId}`);
  return account;
}
