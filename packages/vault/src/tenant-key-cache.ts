import type { DataKeyRecord } from "./data-key-store";
import type { DataKey } from "./value-cipher";

/** What the vault knows about one tenant's data keys. */
export interface TenantKeys {
  /** Stored records by version, as of `loadedAt`. */
  records: Map<number, DataKeyRecord>;
  /** Unwrapped keys by version. Key material never changes, so this map survives reloads of the tenant. */
  keys: Map<number, DataKey>;
  /** Highest stored version as of `loadedAt`; 0 when the tenant had none. */
  latestVersion: number;
  loadedAt: number;
  /** Use stamp for eviction, set by the cache. */
  lastUsed: number;
}

/**
 * Least-recently-used cache of tenants' keys, bounded by tenant count. A hit only stamps the entry (re-inserting
 * into a Map on every hit costs more than the AES-GCM operation it serves); when full, the least recently used
 * tenth goes at once, so eviction stays cheap per insert.
 */
export class TenantKeyCache {
  private readonly entries = new Map<string, TenantKeys>();
  private readonly maxTenants: number;
  private clock = 0;

  constructor(options: { maxTenants: number }) {
    this.maxTenants = Math.max(1, options.maxTenants);
  }

  get size(): number {
    return this.entries.size;
  }

  get(tenantId: string): TenantKeys | undefined {
    const entry = this.entries.get(tenantId);
    if (entry !== undefined) entry.lastUsed = ++this.clock;
    return entry;
  }

  set(tenantId: string, entry: TenantKeys): void {
    entry.lastUsed = ++this.clock;
    this.entries.set(tenantId, entry);
    if (this.entries.size > this.maxTenants) this.evict();
  }

  clear(): void {
    this.entries.clear();
  }

  private evict(): void {
    const keep = Math.max(1, Math.floor(this.maxTenants * 0.9));
    const oldestFirst = [...this.entries].sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [tenantId] of oldestFirst.slice(0, oldestFirst.length - keep)) this.entries.delete(tenantId);
  }
}
