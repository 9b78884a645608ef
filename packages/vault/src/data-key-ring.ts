import { createSecretKey, randomBytes } from "node:crypto";
import { assertKeyVersion } from "./aad";
import type { DataKeyRecord, DataKeyStore } from "./data-key-store";
import type { KeyProvider } from "./key-provider";
import type { TenantKeyCache, TenantKeys } from "./tenant-key-cache";
import type { DataKey } from "./value-cipher";
import { VaultError } from "./vault-error";
import { currentKekVersion, DATA_KEY_LENGTH, unwrapDataKey, wrapDataKey } from "./wrap-data-key";

export interface DataKeyRingOptions {
  store: DataKeyStore;
  provider: KeyProvider;
  cache: TenantKeyCache;
  /** How long a cached "latest version" is trusted before the store is asked again (other replicas rotate). */
  currentVersionTtlMs: number;
  now: () => number;
  minimumVersion: (tenantId: string) => number;
}

/**
 * Finds, creates and unwraps tenants' data keys, through the cache. The `cached*` methods are the synchronous hot
 * path; the others go to the store and the key provider, one load per tenant and one unwrap per key at a time.
 */
export class DataKeyRing {
  private readonly options: DataKeyRingOptions;
  private readonly loading = new Map<string, Promise<TenantKeys>>();
  private readonly unwrapping = new Map<string, Promise<DataKey>>();
  private readonly creatingFirst = new Map<string, Promise<boolean>>();

  constructor(options: DataKeyRingOptions) {
    this.options = options;
  }

  /** The key new values of the tenant use, if cached, recent and not retired. */
  cachedCurrent(tenantId: string): DataKey | undefined {
    const entry = this.options.cache.get(tenantId);
    if (entry === undefined || this.options.now() - entry.loadedAt > this.options.currentVersionTtlMs)
      return undefined;
    const key = entry.keys.get(entry.latestVersion);
    if (key === undefined || key.version < this.options.minimumVersion(tenantId)) return undefined;
    return key;
  }

  cachedVersion(tenantId: string, version: number): DataKey | undefined {
    return this.options.cache.get(tenantId)?.keys.get(version);
  }

  /** The key new values of the tenant use; creates the tenant's first key. `fresh` asks the store first. */
  async current(tenantId: string, options: { fresh?: boolean } = {}): Promise<DataKey> {
    const minimum = this.options.minimumVersion(tenantId);
    let entry = options.fresh ? undefined : this.recentEntry(tenantId);
    if (entry === undefined || entry.latestVersion < minimum) entry = await this.load(tenantId);
    if (entry.latestVersion === 0) {
      await this.createFirst(tenantId, Math.max(1, minimum));
      entry = await this.load(tenantId);
    }
    if (entry.latestVersion < minimum) {
      throw new VaultError(
        "key_version_retired",
        `tenant ${tenantId}'s newest data key is version ${entry.latestVersion}, below the minimum ${minimum}: rotate it first`,
      );
    }
    return this.unwrap(tenantId, entry, entry.latestVersion);
  }

  async version(tenantId: string, version: number): Promise<DataKey> {
    let entry = this.options.cache.get(tenantId);
    // Versions only grow, so a miss below the known latest stays a miss; above it, another replica may have rotated.
    if (entry === undefined || (!entry.records.has(version) && version > entry.latestVersion)) {
      entry = await this.load(tenantId);
    }
    if (!entry.records.has(version)) {
      throw new VaultError("unknown_key_version", `tenant ${tenantId} has no data key version ${version}`);
    }
    return this.unwrap(tenantId, entry, version);
  }

  /** The tenant's highest data-key version in the store, or undefined when it has none. */
  async latestVersion(tenantId: string): Promise<number | undefined> {
    const entry = await this.fetch(tenantId);
    return entry.latestVersion === 0 ? undefined : entry.latestVersion;
  }

  /**
   * Creates the next data-key version (at least `minVersion`). When a concurrent rotation wins the same version,
   * its key serves as well. Returns the tenant's latest version afterwards.
   */
  async rotate(tenantId: string, options: { minVersion?: number } = {}): Promise<number> {
    const entry = await this.fetch(tenantId);
    const version = Math.max(
      entry.latestVersion + 1,
      options.minVersion ?? 1,
      this.options.minimumVersion(tenantId),
    );
    await this.create(tenantId, assertKeyVersion(version, "data-key version"));
    return (await this.fetch(tenantId)).latestVersion;
  }

  private recentEntry(tenantId: string): TenantKeys | undefined {
    const entry = this.options.cache.get(tenantId);
    if (entry === undefined || this.options.now() - entry.loadedAt > this.options.currentVersionTtlMs)
      return undefined;
    return entry;
  }

  /** One store read per tenant at a time; concurrent callers share it. */
  private load(tenantId: string): Promise<TenantKeys> {
    const pending = this.loading.get(tenantId);
    if (pending !== undefined) return pending;
    const loading = this.fetch(tenantId).finally(() => this.loading.delete(tenantId));
    this.loading.set(tenantId, loading);
    return loading;
  }

  private async fetch(tenantId: string): Promise<TenantKeys> {
    const stored = await this.options.store.findDataKeysByTenant(tenantId);
    const records = new Map<number, DataKeyRecord>();
    for (const record of stored) if (record.tenantId === tenantId) records.set(record.version, record);
    const entry: TenantKeys = {
      records,
      keys: this.options.cache.get(tenantId)?.keys ?? new Map(),
      latestVersion: Math.max(0, ...records.keys()),
      loadedAt: this.options.now(),
      lastUsed: 0,
    };
    this.options.cache.set(tenantId, entry);
    return entry;
  }

  /** A tenant's first key: concurrent first writes share one creation (one wrap by the key provider). */
  private createFirst(tenantId: string, version: number): Promise<boolean> {
    const pending = this.creatingFirst.get(tenantId);
    if (pending !== undefined) return pending;
    const creating = this.create(tenantId, version).finally(() => this.creatingFirst.delete(tenantId));
    this.creatingFirst.set(tenantId, creating);
    return creating;
  }

  private async create(tenantId: string, version: number): Promise<boolean> {
    const plaintextKey = randomBytes(DATA_KEY_LENGTH);
    try {
      const kekVersion = await currentKekVersion(this.options.provider);
      const wrappedKey = await wrapDataKey(this.options.provider, {
        tenantId,
        version,
        kekVersion,
        plaintextKey,
      });
      const inserted = await this.options.store.insertDataKey({ tenantId, version, kekVersion, wrappedKey });
      if (inserted)
        this.options.cache.get(tenantId)?.keys.set(version, { version, key: createSecretKey(plaintextKey) });
      return inserted;
    } finally {
      plaintextKey.fill(0);
    }
  }

  private async unwrap(tenantId: string, entry: TenantKeys, version: number): Promise<DataKey> {
    const cached = entry.keys.get(version);
    if (cached !== undefined) return cached;
    const record = entry.records.get(version);
    if (record === undefined) {
      throw new VaultError("unknown_key_version", `tenant ${tenantId} has no data key version ${version}`);
    }
    const flight = `${version}:${tenantId}`;
    let pending = this.unwrapping.get(flight);
    if (pending === undefined) {
      pending = this.unwrapRecord(entry, record).finally(() => this.unwrapping.delete(flight));
      this.unwrapping.set(flight, pending);
    }
    return pending;
  }

  private async unwrapRecord(entry: TenantKeys, record: DataKeyRecord): Promise<DataKey> {
    const plaintextKey = await unwrapDataKey(this.options.provider, record);
    try {
      const key: DataKey = { version: record.version, key: createSecretKey(plaintextKey) };
      entry.keys.set(record.version, key);
      return key;
    } finally {
      plaintextKey.fill(0);
    }
  }
}
