import { and, eq, inArray, isNull, or } from "drizzle-orm";
import type { AccessMeta, TokenContext } from "../context";
import { type SecretField, secretAccessLog, secrets } from "../db/schema";
import { secretRecordId } from "./secret-record";

export interface ReadSecretsInput {
  tenantId: string;
  connectionId: string;
  /** also read this account's own fields (its `account_token`) */
  accountId?: string | null;
  fields: readonly SecretField[];
  access: AccessMeta;
}

export interface ReadSecrets {
  connection: Partial<Record<SecretField, string>>;
  account: Partial<Record<SecretField, string>>;
}

/**
 * Decrypts the named fields of a connection (and of one of its accounts) and records one access-log row per
 * value read: who, for what, when. A value that does not decrypt (moved to another row, tampered) throws.
 */
export async function readSecrets(
  ctx: Pick<TokenContext, "db" | "vault">,
  input: ReadSecretsInput,
): Promise<ReadSecrets> {
  const accountId = input.accountId ?? null;
  const rows = await ctx.db
    .select()
    .from(secrets)
    .where(
      and(
        eq(secrets.tenantId, input.tenantId),
        eq(secrets.connectionId, input.connectionId),
        inArray(secrets.field, [...input.fields]),
        accountId === null
          ? isNull(secrets.accountId)
          : or(isNull(secrets.accountId), eq(secrets.accountId, accountId)),
      ),
    );
  const result: ReadSecrets = { connection: {}, account: {} };
  for (const row of rows) {
    const plaintext = await ctx.vault.decrypt({
      tenantId: row.tenantId,
      recordId: secretRecordId(row),
      field: row.field,
      ciphertext: row.ciphertext,
    });
    (row.accountId === null ? result.connection : result.account)[row.field] = plaintext;
  }
  if (rows.length > 0) {
    await ctx.db.insert(secretAccessLog).values(
      rows.map((row) => ({
        tenantId: row.tenantId,
        connectionId: row.connectionId,
        accountId: row.accountId,
        field: row.field,
        caller: input.access.caller,
        purpose: input.access.purpose,
        requestId: input.access.requestId,
      })),
    );
  }
  return result;
}
