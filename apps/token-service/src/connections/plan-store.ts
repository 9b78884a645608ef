import { createHash, randomBytes } from "node:crypto";
import { newId, type StoreConnection } from "@postd/contracts";
import { and, eq } from "drizzle-orm";
import type { z } from "zod";
import { type ConnectionRow, connectionAccounts, connections } from "../db/schema";
import type { TokenDatabase } from "../db/token-database";
import type { PlainSecret } from "../secrets/encrypt-secrets";

export type StoreInput = z.output<typeof StoreConnection.request>;

/** Ids and secrets of a store, worked out before its transaction (the ciphertexts are bound to the ids). */
export interface StorePlan {
  existing: ConnectionRow | null;
  connectionId: string;
  accountIds: Map<string, string>;
  /** Mailchimp's webhook URL secret, made once per connection; null when the connection keeps its own */
  webhookSecretHash: string | null;
  secrets: PlainSecret[];
  /** listed accounts that carry no token of their own this time: an old one is deleted */
  accountsWithoutToken: string[];
}

export async function planStore(db: TokenDatabase, input: StoreInput): Promise<StorePlan> {
  const [existing] = await db
    .select()
    .from(connections)
    .where(
      and(
        eq(connections.tenantId, input.tenantId),
        eq(connections.platform, input.platform),
        eq(connections.externalUserId, input.externalUserId),
      ),
    );
  const connectionId = existing?.id ?? newId("connection");
  const known = existing
    ? await db
        .select({ id: connectionAccounts.id, externalId: connectionAccounts.externalId })
        .from(connectionAccounts)
        .where(eq(connectionAccounts.connectionId, existing.id))
    : [];
  const accountIds = new Map(known.map((account) => [account.externalId, account.id]));
  for (const account of input.accounts) {
    if (!accountIds.has(account.externalId)) accountIds.set(account.externalId, newId("account"));
  }
  const secrets: PlainSecret[] = [
    { connectionId, accountId: null, field: "access_token", plaintext: input.tokens.accessToken },
  ];
  // never overwrite a stored refresh token with an empty one: absent means "keep"
  if (input.tokens.refreshToken) {
    secrets.push({
      connectionId,
      accountId: null,
      field: "refresh_token",
      plaintext: input.tokens.refreshToken,
    });
  }
  const accountsWithoutToken: string[] = [];
  for (const account of input.accounts) {
    const accountId = accountIds.get(account.externalId) ?? "";
    if (account.accessToken) {
      secrets.push({ connectionId, accountId, field: "account_token", plaintext: account.accessToken });
    } else accountsWithoutToken.push(accountId);
  }
  let webhookSecretHash: string | null = null;
  if (input.platform === "mailchimp" && !existing?.webhookSecretHash) {
    const secret = randomBytes(32).toString("base64url");
    webhookSecretHash = hashWebhookSecret(secret);
    secrets.push({ connectionId, accountId: null, field: "webhook_secret", plaintext: secret });
  }
  return {
    existing: existing ?? null,
    connectionId,
    accountIds,
    webhookSecretHash,
    secrets,
    accountsWithoutToken,
  };
}

/** SHA-256 hex of a Mailchimp webhook URL secret: what `find-account-owner` looks up. */
export function hashWebhookSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}
