import { scaleMs } from "@postd/service-kit";
import {
  createDrizzleCanaryStore,
  createDrizzleDataKeyStore,
  createLocalKeyProvider,
  openVault,
  type Vault,
} from "@postd/vault";
import { vaultCanary, vaultDataKeys } from "../db/schema";
import type { WebhookDatabase } from "../db/webhook-database";

/** The vault field of a signing secret: the same for the current and the previous column, so rotation moves it. */
const secretField = "signing_secret";

/** Encrypts and decrypts endpoints' signing secrets, each bound to its tenant and endpoint (AAD). */
export interface SecretBox {
  seal(input: { tenantId: string; endpointId: string; secret: string }): Promise<string>;
  open(input: { tenantId: string; endpointId: string; ciphertext: string }): Promise<string>;
}

/**
 * Opens the vault over the `webhooks` schema (ADR 0017): checks WEBHOOK_SIGNING_MASTER_SECRET against the stored
 * canary and throws `wrong_master_key` when the secrets were written under another one.
 */
export async function openSecretBox(input: {
  db: WebhookDatabase;
  masterSecret: string;
  timeScale: number;
}): Promise<SecretBox> {
  const { vault } = await openVault({
    keyProvider: createLocalKeyProvider({ secrets: { 1: input.masterSecret }, currentVersion: 1 }),
    dataKeyStore: createDrizzleDataKeyStore(input.db, { vaultDataKeys, vaultCanary }),
    canaryStore: createDrizzleCanaryStore(input.db, { vaultDataKeys, vaultCanary }),
    currentVersionTtlMs: Math.max(1, scaleMs(60_000, input.timeScale)),
  });
  return secretBoxOf(vault);
}

export function secretBoxOf(vault: Vault): SecretBox {
  return {
    seal: ({ tenantId, endpointId, secret }) =>
      vault.encrypt({ tenantId, recordId: endpointId, field: secretField, plaintext: secret }),
    open: ({ tenantId, endpointId, ciphertext }) =>
      vault.decrypt({ tenantId, recordId: endpointId, field: secretField, ciphertext }),
  };
}
