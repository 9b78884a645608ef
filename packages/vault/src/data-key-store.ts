/**
 * One version of one tenant's data key, as stored: wrapped by the master key of `kekVersion`. The key material of
 * a (tenantId, version) never changes; master-key rotation only replaces `wrappedKey` and `kekVersion`.
 */
export interface DataKeyRecord {
  tenantId: string;
  /** Data-key version, per tenant, from 1; new writes use the highest. */
  version: number;
  /** Master-key version that wrapped this key. */
  kekVersion: number;
  wrappedKey: Uint8Array;
}

/** Position in the (tenantId, version) order, for paging through every data key. */
export interface DataKeyCursor {
  tenantId: string;
  version: number;
}

export interface KekVersionCount {
  kekVersion: number;
  count: number;
}

/**
 * Persistence of wrapped data keys, implemented by the owning service (token-service: a Postgres table with primary
 * key (tenant_id, version)). `InMemoryDataKeyStore` is the reference implementation. Errors thrown here reach the
 * caller unchanged.
 */
export interface DataKeyStore {
  /** Every data-key version of the tenant, in any order; empty when it has none yet. */
  findDataKeysByTenant(tenantId: string): Promise<DataKeyRecord[]>;
  /**
   * Inserts a new version if (tenantId, version) is free (`insert … on conflict do nothing`). Returns false when
   * the version already exists: a concurrent writer created it first.
   */
  insertDataKey(record: DataKeyRecord): Promise<boolean>;
  /**
   * Compare-and-set for master-key rotation: replaces the wrapping of (tenantId, version) only if it still has the
   * `expected` kekVersion and wrappedKey. Returns whether it replaced.
   */
  replaceWrappedKey(input: ReplaceWrappedKeyInput): Promise<boolean>;
  /**
   * Up to `limit` data keys after `after` in ascending (tenantId, version) order (a total order stable for the
   * store, e.g. `COLLATE "C"`), leaving out those wrapped by `excludeKekVersion` when it is given.
   */
  listDataKeys(input: ListDataKeysInput): Promise<DataKeyRecord[]>;
  /** How many data keys each master-key version wraps (rotation progress). */
  countDataKeysByKekVersion(): Promise<KekVersionCount[]>;
}

export interface ReplaceWrappedKeyInput {
  tenantId: string;
  version: number;
  expected: { kekVersion: number; wrappedKey: Uint8Array };
  next: { kekVersion: number; wrappedKey: Uint8Array };
}

export interface ListDataKeysInput {
  after?: DataKeyCursor;
  limit: number;
  excludeKekVersion?: number;
}
