import type { AccountDetails } from "@postd/contracts";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { connectionAccounts, connections } from "../db/schema";
import type { TokenDatabase } from "../db/token-database";

/**
 * Accounts (still listed on their connection) with their connection's platform and status; unknown, removed and
 * foreign ids are simply absent.
 */
export async function findAccountDetails(
  db: TokenDatabase,
  input: { tenantId: string; accountIds: readonly string[] },
): Promise<AccountDetails[]> {
  if (input.accountIds.length === 0) return [];
  const rows = await db
    .select({
      id: connectionAccounts.id,
      externalId: connectionAccounts.externalId,
      name: connectionAccounts.name,
      kind: connectionAccounts.kind,
      platform: connections.platform,
      connectionId: connections.id,
      connectionStatus: connections.status,
    })
    .from(connectionAccounts)
    .innerJoin(connections, eq(connections.id, connectionAccounts.connectionId))
    .where(
      and(
        eq(connectionAccounts.tenantId, input.tenantId),
        eq(connections.tenantId, input.tenantId),
        inArray(connectionAccounts.id, [...input.accountIds]),
        isNull(connectionAccounts.removedAt),
      ),
    );
  const order = new Map(input.accountIds.map((id, index) => [id, index]));
  return rows.sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
}
