import { parseCiphertextHeader, type Vault } from "@postd/vault";
import type { SecretField } from "../db/schema";
import { secretRecordId } from "./secret-record";

export interface PlainSecret {
  connectionId: string;
  accountId: string | null;
  field: SecretField;
  plaintext: string;
}

export interface SealedSecret {
  connectionId: string;
  accountId: string | null;
  field: SecretField;
  ciphertext: string;
  dekVersion: number;
}

/** Encrypts each value bound to (tenant, record, field): done before the transaction that stores them. */
export async function encryptSecrets(
  vault: Vault,
  tenantId: string,
  values: readonly PlainSecret[],
): Promise<SealedSecret[]> {
  return Promise.all(
    values.map(async (value) => {
      const ciphertext = await vault.encrypt({
        tenantId,
        recordId: secretRecordId(value),
        field: value.field,
        plaintext: value.plaintext,
      });
      return {
        connectionId: value.connectionId,
        accountId: value.accountId,
        field: value.field,
        ciphertext,
        dekVersion: parseCiphertextHeader(ciphertext).dataKeyVersion,
      };
    }),
  );
}
