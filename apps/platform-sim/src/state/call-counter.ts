/** Counts calls per endpoint (`POST open.tiktokapis.com/v2/oauth/token/`), so tests can assert "exactly one refresh". */
export class CallCounter {
  private readonly counts = new Map<string, number>();

  record(method: string, host: string, routePath: string): void {
    const key = `${method} ${host}${routePath}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  all(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort());
  }

  clear(): void {
    this.counts.clear();
  }
}
