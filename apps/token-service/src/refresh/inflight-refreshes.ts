/**
 * In-process single flight: concurrent callers in one process wanting the same refresh (same connection, same
 * version) share one promise, so a burst of requests reaches the cross-process lock once per process.
 */
export interface InflightRefreshes {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
}

export function createInflightRefreshes(): InflightRefreshes {
  const running = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const existing = running.get(key);
      if (existing) return existing as Promise<T>;
      const promise = work().finally(() => running.delete(key));
      running.set(key, promise);
      return promise;
    },
  };
}
