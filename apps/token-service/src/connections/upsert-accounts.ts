import type { StoreConnection } from "@postd/contracts";
import { and, eq, isNull, notInArray, sql } from "drizzle-orm";
import type { z } from "zod";
import { type AccountRow, connectionAccounts } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";

export type AccountInput = z.output<typeof StoreConnection.request>["accounts"][number];

/**
 * Upserts the accounts a grant lists (same id for the same external id, a removed one comes back) and marks the
 * connection's other accounts removed. Returns the listed rows; throws `AccountIdConflict` when a planned id lost
 * a race to a concurrent store (the caller plans again).
 */
export async function upsertAccounts(
  tx: TokenTransaction,
  input: {
    tenantId: string;
    connectionId: string;
    accounts: readonly AccountInput[];
    plannedIds: ReadonlyMap<string, string>;
  },
): Promise<AccountRow[]> {
  const { tenantId, connectionId } = input;
  const now = new Date();
  const rows =
    input.accounts.length === 0
      ? []
      : await tx
          .insert(connectionAccounts)
          .values(
            input.accounts.map((account) => ({
              id: plannedId(input.plannedIds, account.externalId),
              tenantId,
              connectionId,
              externalId: account.externalId,
              kind: account.kind,
              name: account.name,
              metadata: { ...account.metadata },
            })),
          )
          .onConflictDoUpdate({
            target: [connectionAccounts.connectionId, connectionAccounts.externalId],
            set: {
              kind: sql`excluded.kind`,
              name: sql`excluded.name`,
              metadata: sql`excluded.metadata`,
              removedAt: null,
              updatedAt: now,
            },
          })
          .returning();
  for (const row of rows) {
    if (row.id !== input.plannedIds.get(row.externalId)) throw new AccountIdConflict(row.externalId);
  }
  await tx
    .update(connectionAccounts)
    .set({ removedAt: now, updatedAt: now })
    .where(
      and(
        eq(connectionAccounts.connectionId, connectionId),
        isNull(connectionAccounts.removedAt),
        input.accounts.length === 0
          ? undefined
          : notInArray(
              connectionAccounts.externalId,
              input.accounts.map((account) => account.externalId),
            ),
      ),
    );
  return rows;
}

function plannedId(ids: ReadonlyMap<string, string>, externalId: string): string {
  const id = ids.get(externalId);
  if (!id) throw new Error(`no account id planned for ${externalId}`);
  return id;
}

export class AccountIdConflict extends Error {
  constructor(externalId: string) {
    super(`account ${externalId} was stored concurrently under another id`);
    this.name = "AccountIdConflict";
  }
}
