import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { type SecretField, secrets } from "../db/schema";
import type { TokenTransaction } from "../db/token-database";
import type { SealedSecret } from "./encrypt-secrets";

/** Inserts or replaces sealed secrets (one row per connection, account and field). */
export async function upsertSecrets(
  tx: TokenTransaction,
  tenantId: string,
  sealed: readonly SealedSecret[],
): Promise<void> {
  if (sealed.length === 0) return;
  await tx
    .insert(secrets)
    .values(sealed.map((secret) => ({ ...secret, tenantId })))
    .onConflictDoUpdate({
      target: [secrets.connectionId, secrets.accountId, secrets.field],
      set: {
        ciphertext: sql`excluded.ciphertext`,
        dekVersion: sql`excluded.dek_version`,
        updatedAt: sql`now()`,
      },
    });
}

/** Deletes a connection's secrets: all of them, or only the connection-level fields named. */
export async function deleteSecrets(
  tx: TokenTransaction,
  input: { tenantId: string; connectionId: string; fields?: readonly SecretField[] },
): Promise<number> {
  const deleted = await tx
    .delete(secrets)
    .where(
      and(
        eq(secrets.tenantId, input.tenantId),
        eq(secrets.connectionId, input.connectionId),
        input.fields ? and(isNull(secrets.accountId), inArray(secrets.field, [...input.fields])) : undefined,
      ),
    )
    .returning({ id: secrets.id });
  return deleted.length;
}

/** Deletes the account-level tokens of these accounts (a reconnect that no longer carries one). */
export async function deleteAccountSecrets(
  tx: TokenTransaction,
  input: { tenantId: string; connectionId: string; accountIds: readonly string[] },
): Promise<void> {
  if (input.accountIds.length === 0) return;
  await tx
    .delete(secrets)
    .where(
      and(
        eq(secrets.tenantId, input.tenantId),
        eq(secrets.connectionId, input.connectionId),
        inArray(secrets.accountId, [...input.accountIds]),
      ),
    );
}
