import type {
  DataKeyRecord,
  DataKeyStore,
  KekVersionCount,
  ListDataKeysInput,
  ReplaceWrappedKeyInput,
} from "./data-key-store";

/**
 * The reference `DataKeyStore`: what each method must do, in memory. Records are copied in and out so callers
 * cannot alias stored bytes, as with a database.
 */
export class InMemoryDataKeyStore implements DataKeyStore {
  private readonly tenants = new Map<string, Map<number, DataKeyRecord>>();

  async findDataKeysByTenant(tenantId: string): Promise<DataKeyRecord[]> {
    return [...(this.tenants.get(tenantId)?.values() ?? [])].map(copyRecord);
  }

  async insertDataKey(record: DataKeyRecord): Promise<boolean> {
    let versions = this.tenants.get(record.tenantId);
    if (!versions) {
      versions = new Map();
      this.tenants.set(record.tenantId, versions);
    }
    if (versions.has(record.version)) return false;
    versions.set(record.version, copyRecord(record));
    return true;
  }

  async replaceWrappedKey(input: ReplaceWrappedKeyInput): Promise<boolean> {
    const versions = this.tenants.get(input.tenantId);
    const current = versions?.get(input.version);
    if (!versions || !current) return false;
    const unchanged =
      current.kekVersion === input.expected.kekVersion &&
      Buffer.compare(current.wrappedKey, input.expected.wrappedKey) === 0;
    if (!unchanged) return false;
    versions.set(input.version, copyRecord({ ...current, ...input.next }));
    return true;
  }

  async listDataKeys(input: ListDataKeysInput): Promise<DataKeyRecord[]> {
    const { after, excludeKekVersion } = input;
    return this.all()
      .filter((record) => after === undefined || compareCursor(record, after) > 0)
      .filter((record) => excludeKekVersion === undefined || record.kekVersion !== excludeKekVersion)
      .sort(compareCursor)
      .slice(0, input.limit)
      .map(copyRecord);
  }

  async countDataKeysByKekVersion(): Promise<KekVersionCount[]> {
    const counts = new Map<number, number>();
    for (const record of this.all()) counts.set(record.kekVersion, (counts.get(record.kekVersion) ?? 0) + 1);
    return [...counts].map(([kekVersion, count]) => ({ kekVersion, count }));
  }

  private all(): DataKeyRecord[] {
    return [...this.tenants.values()].flatMap((versions) => [...versions.values()]);
  }
}

function compareCursor(
  a: { tenantId: string; version: number },
  b: { tenantId: string; version: number },
): number {
  if (a.tenantId !== b.tenantId) return a.tenantId < b.tenantId ? -1 : 1;
  return a.version - b.version;
}

function copyRecord(record: DataKeyRecord): DataKeyRecord {
  return {
    tenantId: record.tenantId,
    version: record.version,
    kekVersion: record.kekVersion,
    wrappedKey: Uint8Array.from(record.wrappedKey),
  };
}
