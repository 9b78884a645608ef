import { assertKeyVersion } from "./aad";
import type { CanaryStore } from "./canary-store";
import { DataKeyRing } from "./data-key-ring";
import type { DataKeyStore, KekVersionCount } from "./data-key-store";
import { type DecryptInput, decryptValue } from "./decrypt-value";
import { type EncryptInput, encryptValue } from "./encrypt-value";
import type { KeyProvider } from "./key-provider";
import { type RewrapDataKeysOptions, type RewrapDataKeysReport, rewrapDataKeys } from "./rewrap-data-keys";
import { type RewrapValuesOptions, type RewrapValuesReport, rewrapValues } from "./rewrap-values";
import { TenantKeyCache } from "./tenant-key-cache";
import type { VaultContext } from "./vault-context";
import { VaultError } from "./vault-error";
import { type MasterKeyCheck, verifyMasterKey } from "./verify-master-key";

export interface VaultOptions {
  keyProvider: KeyProvider;
  dataKeyStore: DataKeyStore;
  /** Needed by `openVault`; with it, a finished master-key rewrap also moves the canary to the new version. */
  canaryStore?: CanaryStore;
  /**
   * Lowest data-key version still readable (older values are refused with `key_version_retired`): one number for
   * every tenant, or a per-tenant lookup (called on every operation: keep it synchronous and cheap). Default 1.
   */
  minimumDataKeyVersion?: number | ((tenantId: string) => number);
  /** Tenants whose unwrapped keys stay cached (least recently used go first). Default 10,000. */
  cacheTenants?: number;
  /**
   * How long this process trusts its cached "current data key" before asking the store again, so a rotation by
   * another replica is picked up. Default 60 s. A data-key rewrap should start after this has passed.
   */
  currentVersionTtlMs?: number;
  /** Clock for the TTL (tests). Default `Date.now`. */
  now?: () => number;
}

export interface Vault {
  /** Encrypts under the tenant's current data key (created on first use). Returns `v1.<base64url>`. */
  encrypt(input: EncryptInput): Promise<string>;
  /** Decrypts a value stored at the same (tenantId, recordId, field); all of it or a VaultError. */
  decrypt(input: DecryptInput): Promise<string>;
  /** Creates the tenant's next data-key version (at least `minVersion`); new writes use it. Returns the version. */
  rotateDataKey(input: { tenantId: string; minVersion?: number }): Promise<number>;
  /** The tenant's newest data-key version in the store, or undefined before its first value. */
  currentDataKeyVersion(input: { tenantId: string }): Promise<number | undefined>;
  /** Master-key rotation: rewraps every data key under the new master-key version. Resumable. */
  rewrapDataKeys(options?: RewrapDataKeysOptions): Promise<RewrapDataKeysReport>;
  /** Data-key rotation follow-up: re-encrypts values under old data keys. Resumable, compare-and-set. */
  rewrapValues(options: RewrapValuesOptions): Promise<RewrapValuesReport>;
  /** Data keys per master-key version (rotation progress). */
  countDataKeysByKekVersion(): Promise<KekVersionCount[]>;
  /** Forgets every cached data key (they are fetched and unwrapped again on demand). */
  clearKeyCache(): void;
}

/** Builds a vault without the start-up check; services use `openVault`. */
export function createVault(options: VaultOptions): Vault {
  const cache = new TenantKeyCache({ maxTenants: options.cacheTenants ?? 10_000 });
  const minimumVersion = minimumVersionLookup(options.minimumDataKeyVersion);
  const ring = new DataKeyRing({
    store: options.dataKeyStore,
    provider: options.keyProvider,
    cache,
    currentVersionTtlMs: options.currentVersionTtlMs ?? 60_000,
    now: options.now ?? Date.now,
    minimumVersion,
  });
  const ctx: VaultContext = {
    ring,
    store: options.dataKeyStore,
    provider: options.keyProvider,
    canaryStore: options.canaryStore,
    minimumVersion,
  };
  return {
    encrypt: (input) => encryptValue(ctx, input),
    decrypt: (input) => decryptValue(ctx, input),
    rotateDataKey: (input) => ring.rotate(input.tenantId, { minVersion: input.minVersion }),
    currentDataKeyVersion: (input) => ring.latestVersion(input.tenantId),
    rewrapDataKeys: (rewrapOptions) => rewrapDataKeys(ctx, rewrapOptions),
    rewrapValues: (rewrapOptions) => rewrapValues(ctx, rewrapOptions),
    countDataKeysByKekVersion: () => options.dataKeyStore.countDataKeysByKekVersion(),
    clearKeyCache: () => cache.clear(),
  };
}

export interface OpenedVault {
  vault: Vault;
  masterKey: MasterKeyCheck;
}

/**
 * The one call a service makes at start-up, before serving: verifies the master key against the stored canary
 * (creating it in a new deployment) and returns the vault. Throws `wrong_master_key` when the configured secret
 * is not the one the data was written under, `key_provider_unavailable` when the provider cannot answer.
 */
export async function openVault(options: VaultOptions & { canaryStore: CanaryStore }): Promise<OpenedVault> {
  const masterKey = await verifyMasterKey({
    keyProvider: options.keyProvider,
    canaryStore: options.canaryStore,
    dataKeyStore: options.dataKeyStore,
  });
  return { vault: createVault(options), masterKey };
}

function minimumVersionLookup(minimum: VaultOptions["minimumDataKeyVersion"]): (tenantId: string) => number {
  if (typeof minimum === "function") return minimum;
  if (minimum === undefined) return () => 1;
  try {
    const version = assertKeyVersion(minimum, "minimumDataKeyVersion");
    return () => version;
  } catch (error) {
    throw new VaultError("invalid_config", "minimumDataKeyVersion must be an integer from 1", {
      cause: error,
    });
  }
}
