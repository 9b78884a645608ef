import type { FlagValue, StoredFlag } from "./flag-value";

/** One change seen in the bucket (or written by this process); `value` null: deleted, or not a valid flag. */
export interface FlagChange {
  name: string;
  value: FlagValue | null;
  revision: number;
}

export type FlagChangeListener = (change: FlagChange) => void;

interface CacheEntry {
  value: FlagValue | null;
  revision: number;
  updatedAt: Date;
}

/**
 * The in-memory copy of the bucket that `isEnabled` reads synchronously. Applies a value only when its revision is
 * newer than the one held, so the watch, this process's own writes and a restarted watch replaying the last values
 * can arrive in any order and the cache still converges on the bucket's latest state.
 */
export class FlagCache {
  private readonly entries = new Map<string, CacheEntry>();
  private readonly listeners = new Set<FlagChangeListener>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  apply(change: FlagChange & { updatedAt: Date }): boolean {
    const held = this.entries.get(change.name);
    if (held && held.revision >= change.revision) return false;
    this.entries.set(change.name, {
      value: change.value,
      revision: change.revision,
      updatedAt: change.updatedAt,
    });
    for (const listener of this.listeners) {
      try {
        listener({ name: change.name, value: change.value, revision: change.revision });
      } catch (error) {
        this.onListenerError(error);
      }
    }
    return true;
  }

  value(name: string): FlagValue | null {
    return this.entries.get(name)?.value ?? null;
  }

  get(name: string): StoredFlag | null {
    const entry = this.entries.get(name);
    if (!entry?.value) return null;
    return { name, ...entry.value, revision: entry.revision, updatedAt: entry.updatedAt };
  }

  list(): StoredFlag[] {
    return [...this.entries.keys()]
      .sort()
      .map((name) => this.get(name))
      .filter((flag): flag is StoredFlag => flag !== null);
  }

  subscribe(listener: FlagChangeListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }
}
