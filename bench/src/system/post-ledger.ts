import type postgres from "postgres";

export interface LedgerEntry {
  sequence: number;
  /** unique per post: how the platform's copy is matched to it */
  text: string;
  phase: string;
  /** epoch ms the request was due (open loop) or sent (closed loop) */
  scheduledAt: number;
  status: number;
  postId: string | null;
  targetId: string | null;
}

export interface ExactlyOnceReport {
  accepted: number;
  /** accepted targets `published` in Postgres */
  published: number;
  /** accepted targets in any other state, by state */
  notPublished: Record<string, number>;
  /** targets with more than one attempt that ended `published` */
  duplicateAttempts: number;
  /** posts the platform holds for the run (matched by text) */
  onPlatform: number;
  /** accepted posts the platform does not hold */
  missingOnPlatform: number;
  /** texts the platform holds more than once: a post published twice */
  duplicatesOnPlatform: number;
  /** platform posts of this run matching no accepted request */
  unexpectedOnPlatform: number;
  exactlyOnce: boolean;
}

/** Every publish request the benchmark sent, with what came back; checked against Postgres and the platform. */
export class PostLedger {
  readonly #entries: LedgerEntry[] = [];
  readonly runId = `r${Date.now().toString(36)}`;

  textFor(phase: string, sequence: number): string {
    return `bench ${this.runId} ${phase} #${sequence}`;
  }

  record(entry: LedgerEntry): void {
    this.#entries.push(entry);
  }

  entries(phase?: string): LedgerEntry[] {
    return phase ? this.#entries.filter((entry) => entry.phase === phase) : [...this.#entries];
  }

  accepted(phase?: string): LedgerEntry[] {
    return this.entries(phase).filter((entry) => entry.targetId !== null);
  }

  /** Waits until every accepted target is `published` (or the timeout passes); resolves with how many are not. */
  async waitUntilAllPublished(sql: postgres.Sql, options: { timeoutMs: number }): Promise<number> {
    const ids = this.accepted().map((entry) => entry.targetId ?? "");
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const [row] = await sql<Array<{ open: number }>>`
        select count(*)::int as open from publish.targets where id = any(${ids}) and status <> 'published'`;
      const open = row?.open ?? 0;
      if (open === 0 || Date.now() > deadline) return open;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  /** `published_at` (epoch ms) of the accepted targets of a phase, by target id. */
  async publishedAt(sql: postgres.Sql, phase: string): Promise<Map<string, number>> {
    const ids = this.accepted(phase).map((entry) => entry.targetId ?? "");
    const rows = await sql<Array<{ id: string; at: number }>>`
      select id, (extract(epoch from published_at) * 1000)::float8 as at
      from publish.targets where id = any(${ids}) and status = 'published'`;
    return new Map(rows.map((row) => [row.id, row.at]));
  }

  /** Every accepted post published exactly once: in Postgres (one published attempt) and on the platform. */
  async verifyExactlyOnce(sql: postgres.Sql, platformTexts: readonly string[]): Promise<ExactlyOnceReport> {
    const accepted = this.accepted();
    const ids = accepted.map((entry) => entry.targetId ?? "");
    const states = await sql<Array<{ status: string; count: number }>>`
      select status, count(*)::int as count from publish.targets where id = any(${ids}) group by status`;
    const [duplicates] = await sql<Array<{ count: number }>>`
      select count(*)::int as count from (
        select target_id from publish.attempts where target_id = any(${ids}) and outcome = 'published'
        group by target_id having count(*) > 1) as twice`;
    const onPlatform = new Map<string, number>();
    for (const text of platformTexts) {
      if (text.startsWith(`bench ${this.runId} `)) onPlatform.set(text, (onPlatform.get(text) ?? 0) + 1);
    }
    const acceptedTexts = new Set(accepted.map((entry) => entry.text));
    const published = states.find((state) => state.status === "published")?.count ?? 0;
    const report: ExactlyOnceReport = {
      accepted: accepted.length,
      published,
      notPublished: Object.fromEntries(
        states.filter((state) => state.status !== "published").map((state) => [state.status, state.count]),
      ),
      duplicateAttempts: duplicates?.count ?? 0,
      onPlatform: [...onPlatform.values()].reduce((sum, count) => sum + count, 0),
      missingOnPlatform: [...acceptedTexts].filter((text) => !onPlatform.has(text)).length,
      duplicatesOnPlatform: [...onPlatform.values()].filter((count) => count > 1).length,
      unexpectedOnPlatform: [...onPlatform.keys()].filter((text) => !acceptedTexts.has(text)).length,
      exactlyOnce: false,
    };
    report.exactlyOnce =
      report.published === report.accepted &&
      report.duplicateAttempts === 0 &&
      report.missingOnPlatform === 0 &&
      report.duplicatesOnPlatform === 0 &&
      report.unexpectedOnPlatform === 0;
    return report;
  }
}
