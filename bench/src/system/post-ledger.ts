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
  /** distinct posts answered 202 (one target each) */
  accepted: number;
  /**
   * 202 answers carrying a target an earlier answer already had: a replayed Idempotency-Key. The publisher gives
   * every request a fresh key, so this stays 0; it is counted so a reused key can never again pass for more posts.
   */
  replayedAnswers: number;
  /** accepted targets `published` in Postgres */
  published: number;
  /** accepted targets in any other state, by state */
  notPublished: Record<string, number>;
  /** targets with more than one attempt that ended `published` */
  duplicateAttempts: number;
  /** platform attempts made for the accepted targets, and targets that took more than one (retries) */
  attempts: number;
  retriedTargets: number;
  /** posts the platform holds for the run (matched by text) */
  onPlatform: number;
  /** accepted posts the platform does not hold (dead-lettered ones included) */
  missingOnPlatform: number;
  /** lost: accepted posts that Postgres does not hold, or says are published while the platform does not hold them */
  lost: number;
  /** texts the platform holds more than once: a post published twice */
  duplicatesOnPlatform: number;
  /** platform posts of this run matching no accepted request */
  unexpectedOnPlatform: number;
  exactlyOnce: boolean;
}

/** Every publish request the benchmark sent, with what came back; checked against Postgres and the platform. */
export class PostLedger {
  readonly #entries: LedgerEntry[] = [];
  readonly #nextSequence = new Map<string, number>();
  readonly runId = `r${Date.now().toString(36)}`;

  /**
   * The next request of a phase: its sequence, unique text and Idempotency-Key. The ledger numbers the requests
   * itself, never the load loop (whose numbering restarts with every loop), so no two requests of a run share a
   * key: a reused key is answered by replaying the first post, not by creating one.
   */
  nextRequest(phase: string): { sequence: number; text: string; idempotencyKey: string } {
    const sequence = this.#nextSequence.get(phase) ?? 0;
    this.#nextSequence.set(phase, sequence + 1);
    return {
      sequence,
      text: `bench ${this.runId} ${phase} #${sequence}`,
      idempotencyKey: `${this.runId}-${phase}-${sequence}`,
    };
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

  /** The distinct target ids answered 202 (a replayed answer repeats an id; it is one post). */
  acceptedTargetIds(phase?: string): string[] {
    return [...new Set(this.accepted(phase).map((entry) => entry.targetId ?? ""))];
  }

  /** Waits until every accepted target is `published` (or the timeout passes); resolves with how many are not. */
  async waitUntilAllPublished(sql: postgres.Sql, options: { timeoutMs: number }): Promise<number> {
    const ids = this.acceptedTargetIds();
    return waitUntilZero(options.timeoutMs, async () => {
      const [row] = await sql<Array<{ open: number }>>`
        select count(*)::int as open from publish.targets where id = any(${ids}) and status <> 'published'`;
      return row?.open ?? 0;
    });
  }

  /**
   * Waits until no accepted target is still on its way (scheduled, queued, publishing, retrying) or the timeout
   * passes; resolves with how many still are. A settled target is published, dead-lettered, failed or the like.
   */
  async waitUntilSettled(sql: postgres.Sql, options: { timeoutMs: number }): Promise<number> {
    const ids = this.acceptedTargetIds();
    return waitUntilZero(options.timeoutMs, async () => {
      const [row] = await sql<Array<{ open: number }>>`
        select count(*)::int as open from publish.targets
        where id = any(${ids}) and status in ('scheduled', 'queued', 'publishing', 'retrying')`;
      return row?.open ?? 0;
    });
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
    const accepted = [...new Map(this.accepted().map((entry) => [entry.targetId ?? "", entry])).values()];
    const ids = accepted.map((entry) => entry.targetId ?? "");
    const rows = await sql<Array<{ id: string; status: string }>>`
      select id, status from publish.targets where id = any(${ids})`;
    const statusOf = new Map(rows.map((row) => [row.id, row.status]));
    const [duplicates] = await sql<Array<{ count: number }>>`
      select count(*)::int as count from (
        select target_id from publish.attempts where target_id = any(${ids}) and outcome = 'published'
        group by target_id having count(*) > 1) as twice`;
    const [attempts] = await sql<Array<{ attempts: number; retried: number }>>`
      select coalesce(sum(n), 0)::int as attempts, (count(*) filter (where n > 1))::int as retried from (
        select count(*) as n from publish.attempts where target_id = any(${ids}) group by target_id) as per_target`;
    const onPlatform = new Map<string, number>();
    for (const text of platformTexts) {
      if (text.startsWith(`bench ${this.runId} `)) onPlatform.set(text, (onPlatform.get(text) ?? 0) + 1);
    }
    const acceptedTexts = new Set(accepted.map((entry) => entry.text));
    const notPublished: Record<string, number> = {};
    for (const status of statusOf.values())
      if (status !== "published") notPublished[status] = (notPublished[status] ?? 0) + 1;
    const missing = accepted.filter((entry) => !onPlatform.has(entry.text));
    const lost = accepted.filter((entry) => {
      const status = statusOf.get(entry.targetId ?? "");
      return status === undefined || (status === "published" && !onPlatform.has(entry.text));
    });
    const report: ExactlyOnceReport = {
      accepted: accepted.length,
      replayedAnswers: this.accepted().length - accepted.length,
      published: [...statusOf.values()].filter((status) => status === "published").length,
      notPublished,
      duplicateAttempts: duplicates?.count ?? 0,
      attempts: attempts?.attempts ?? 0,
      retriedTargets: attempts?.retried ?? 0,
      onPlatform: [...onPlatform.values()].reduce((sum, count) => sum + count, 0),
      missingOnPlatform: missing.length,
      lost: lost.length,
      duplicatesOnPlatform: [...onPlatform.values()].filter((count) => count > 1).length,
      unexpectedOnPlatform: [...onPlatform.keys()].filter((text) => !acceptedTexts.has(text)).length,
      exactlyOnce: false,
    };
    report.exactlyOnce =
      report.published === report.accepted &&
      report.replayedAnswers === 0 &&
      report.duplicateAttempts === 0 &&
      report.missingOnPlatform === 0 &&
      report.duplicatesOnPlatform === 0 &&
      report.unexpectedOnPlatform === 0;
    return report;
  }
}

async function waitUntilZero(timeoutMs: number, count: () => Promise<number>): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await count();
    if (open === 0 || Date.now() > deadline) return open;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
