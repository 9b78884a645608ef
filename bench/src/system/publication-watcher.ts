import type postgres from "postgres";

/**
 * Resolves when a target is `published` in Postgres, with its `published_at` (epoch ms): one query every
 * `intervalMs` for every target still awaited, so a closed loop can wait for each post's publication cheaply.
 */
export class PublicationWatcher {
  readonly #pending = new Map<string, (publishedAt: number) => void>();
  #timer: NodeJS.Timeout | null = null;
  #polling = false;

  constructor(
    private readonly sql: postgres.Sql,
    private readonly intervalMs = 25,
  ) {}

  published(targetId: string): Promise<number> {
    return new Promise((resolve) => {
      this.#pending.set(targetId, resolve);
      this.#timer ??= setInterval(() => void this.#poll(), this.intervalMs);
    });
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
  }

  async #poll(): Promise<void> {
    if (this.#polling || this.#pending.size === 0) return;
    this.#polling = true;
    try {
      const ids = [...this.#pending.keys()];
      const rows = await this.sql<Array<{ id: string; at: number }>>`
        select id, (extract(epoch from published_at) * 1000)::float8 as at
        from publish.targets where id = any(${ids}) and status = 'published'`;
      for (const row of rows) {
        this.#pending.get(row.id)?.(row.at);
        this.#pending.delete(row.id);
      }
    } finally {
      this.#polling = false;
    }
  }
}
