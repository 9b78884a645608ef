import { createCanary, parseCanaryVersion, verifyCanary } from "./canary";
import type { CanaryStore } from "./canary-store";
import type { DataKeyRecord, DataKeyStore } from "./data-key-store";
import type { KeyProvider } from "./key-provider";
import { VaultError } from "./vault-error";
import { currentKekVersion, unwrapDataKey } from "./wrap-data-key";

export interface VerifyMasterKeyInput {
  keyProvider: KeyProvider;
  canaryStore: CanaryStore;
  dataKeyStore: DataKeyStore;
}

export interface MasterKeyCheck {
  /** `verified`: a stored canary opened; `created`: none was stored (a new deployment), one was written. */
  canary: "verified" | "created";
  /** The master-key version the stored canary is under now. */
  kekVersion: number;
}

/**
 * The start-up check: throws `wrong_master_key` if the configured master key cannot open the stored canary, or a
 * data key still wrapped under an older master-key version (rewrap unfinished). With no canary stored, an existing
 * wrapped data key must open before a canary is written, so a wiped canary cannot let a wrong key in. When the provider's current version is newer than the canary's, the canary moves to it:
 * the first replica with a new secret pins it, and a replica with a different secret for that version then fails.
 */
export async function verifyMasterKey(input: VerifyMasterKeyInput): Promise<MasterKeyCheck> {
  const stored = await input.canaryStore.readCanary();
  if (stored !== undefined) {
    const { kekVersion } = await verifyCanary({ keyProvider: input.keyProvider, canary: stored });
    await verifyDataKeyOutside(input, kekVersion);
    const current = await currentKekVersion(input.keyProvider);
    if (current <= kekVersion) return { canary: "verified", kekVersion };
    return { canary: "verified", kekVersion: await pinCanary(input, stored) };
  }
  await verifyAnyDataKey(input);
  return { canary: "created", kekVersion: await pinCanary(input, undefined) };
}

/**
 * Writes a canary under the current master-key version in place of `expected`. If another process changed it
 * first, that one must verify instead. Returns the version of the canary left stored.
 */
export async function pinCanary(input: VerifyMasterKeyInput, expected: string | undefined): Promise<number> {
  const next = await createCanary({ keyProvider: input.keyProvider });
  if (await input.canaryStore.writeCanary({ expected, next })) return parseCanaryVersion(next);
  const winner = await input.canaryStore.readCanary();
  if (winner === undefined)
    throw new VaultError("wrong_master_key", "the canary vanished while it was being written");
  return (await verifyCanary({ keyProvider: input.keyProvider, canary: winner })).kekVersion;
}

/** With no canary stored, a stored data key (if any) must open before a new canary is trusted. */
async function verifyAnyDataKey(input: VerifyMasterKeyInput): Promise<void> {
  const [sample] = await input.dataKeyStore.listDataKeys({ limit: 1 });
  if (sample !== undefined) await verifySample(input, sample, "no canary is stored and");
}

/**
 * Data keys still wrapped under another version than the canary's (a master-key rewrap not finished) must open
 * too: this stops a process whose old secret was removed, or is wrong, before the rewrap finished.
 */
async function verifyDataKeyOutside(input: VerifyMasterKeyInput, canaryVersion: number): Promise<void> {
  const [sample] = await input.dataKeyStore.listDataKeys({ limit: 1, excludeKekVersion: canaryVersion });
  if (sample !== undefined) await verifySample(input, sample, "data keys are not all rewrapped yet and");
}

async function verifySample(
  input: VerifyMasterKeyInput,
  sample: DataKeyRecord,
  situation: string,
): Promise<void> {
  try {
    (await unwrapDataKey(input.keyProvider, sample)).fill(0);
  } catch (error) {
    if (error instanceof VaultError && error.retryable) throw error;
    throw new VaultError(
      "wrong_master_key",
      `${situation} the configured master key cannot open data keys under master-key version ${sample.kekVersion}`,
      { cause: error },
    );
  }
}
