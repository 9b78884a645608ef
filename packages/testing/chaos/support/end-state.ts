import type { ChaosSystem } from "./chaos-system";
import { type Destination, simPostsOf } from "./connect-accounts";
import { sleep } from "./http";
import type { LoadGenerator } from "./load-generator";
import { progress } from "./progress";

const runningStatuses = ["scheduled", "queued", "retrying", "publishing"];

/**
 * Waits until no target of this run's posts is still on its way (scheduled, queued, retrying, publishing) for
 * two looks in a row; fails naming the stuck ones. Polling: quiescence is the absence of events.
 */
export async function waitForQuiescence(
  chaos: Pick<ChaosSystem, "sql">,
  input: { label: string; timeoutMs: number },
): Promise<void> {
  const deadline = Date.now() + input.timeoutMs;
  let quietLooks = 0;
  let lastReport = 0;
  for (;;) {
    const running = await chaos.sql<{ id: string; platform: string; status: string; total: number }[]>`
      select t.id, t.platform, t.status, t.attempts, t.next_attempt_at, t.lease_until, t.last_error,
        count(*) over ()::int as total
      from publish.targets t join publish.posts p on p.id = t.post_id
      where p.text like ${`chaos ${input.label} %`} and t.status in ${chaos.sql(runningStatuses)}
      order by t.id limit 5`;
    quietLooks = running.length === 0 ? quietLooks + 1 : 0;
    if (Date.now() - lastReport > 5_000) {
      lastReport = Date.now();
      progress("waiting for quiescence", { running: running[0]?.total ?? 0, oldest: running[0] });
    }
    if (quietLooks >= 2) return;
    if (Date.now() > deadline) {
      throw new Error(`targets still running after ${input.timeoutMs} ms: ${JSON.stringify(running)}`);
    }
    await sleep(500);
  }
}

interface TargetRow {
  id: string;
  postId: string;
  accountId: string;
  platform: string;
  status: string;
  evidence: string | null;
  text: string;
  platformPostId: string | null;
  deadLetterReason: string | null;
  lastError: { code?: string; message?: string } | null;
}

export interface EndState {
  posts: number;
  targets: number;
  byStatus: Record<string, number>;
  accepted: number;
  /** posts written although the client never saw the 202 (the answer was lost in the fault) */
  writtenWithoutAnswer: number;
  /** sim posts of this run */
  onPlatforms: number;
  /** everything wrong, one line each: the scenario asserts this is empty */
  problems: string[];
}

/**
 * The end state of a run, from Postgres and the sim's record of posts:
 * - every accepted (202) post is in Postgres with exactly the targets its answer named;
 * - every target of this run is in an allowed final status: `published` → on its platform exactly once;
 *   `unconfirmed` → at most once, with evidence; `dead_lettered` → not on the platform, with a reason;
 * - nothing is on a platform twice, and nothing is on a platform that Postgres does not know;
 * - nothing half-written: every post has targets, every post has its idempotency key row with its answer.
 */
export async function readEndState(
  chaos: Pick<ChaosSystem, "sql" | "system">,
  input: {
    label: string;
    loads: readonly LoadGenerator[];
    destinations: readonly Destination[];
    allowed: readonly string[];
  },
): Promise<EndState> {
  const problems: string[] = [];
  const pattern = `chaos ${input.label} %`;
  const rows = await chaos.sql<TargetRow[]>`
    select t.id, t.post_id as "postId", t.account_id as "accountId", t.platform, t.status, t.evidence, p.text,
      t.platform_post_id as "platformPostId", t.last_error as "lastError",
      (select d.reason from publish.dead_letters d where d.target_id = t.id
        order by d.dead_lettered_at desc limit 1) as "deadLetterReason"
    from publish.targets t join publish.posts p on p.id = t.post_id
    where p.text like ${pattern}`;
  const simAccountOf = new Map(input.destinations.map((d) => [d.accountId, d.simAccountId]));
  const onPlatform = new Map<string, number>();
  const simPosts = (await simPostsOf(chaos)).filter((post) =>
    post.text.trim().startsWith(`chaos ${input.label} `),
  );
  for (const post of simPosts) {
    const key = `${post.accountId}|${post.text.trim()}`;
    onPlatform.set(key, (onPlatform.get(key) ?? 0) + 1);
  }

  const known = new Set<string>();
  const byStatus: Record<string, number> = {};
  for (const target of rows) {
    byStatus[target.status] = (byStatus[target.status] ?? 0) + 1;
    const key = `${simAccountOf.get(target.accountId) ?? `unknown:${target.accountId}`}|${target.text}`;
    known.add(key);
    const copies = onPlatform.get(key) ?? 0;
    const where = `${target.id} (${target.platform}, "${target.text}")`;
    if (!input.allowed.includes(target.status)) {
      const why = target.deadLetterReason ?? target.lastError?.message ?? "";
      problems.push(`${where} ended ${target.status}: ${why} (${target.lastError?.code ?? ""})`);
    }
    if (copies > 1) problems.push(`${where} is on the platform ${copies} times`);
    if (target.status === "published" && copies !== 1)
      problems.push(`${where} published, on platform ${copies}×`);
    if (target.status === "unconfirmed" && !target.evidence)
      problems.push(`${where} unconfirmed without evidence`);
    if (target.status === "dead_lettered") {
      if (copies !== 0) problems.push(`${where} dead-lettered but on the platform`);
      if (!target.deadLetterReason) problems.push(`${where} dead-lettered without a reason`);
    }
  }
  for (const [key, copies] of onPlatform) {
    if (!known.has(key)) problems.push(`on the platform ${copies}× but unknown to Postgres: ${key}`);
  }

  const targetsOf = new Map<string, string[]>();
  for (const target of rows)
    targetsOf.set(target.postId, [...(targetsOf.get(target.postId) ?? []), target.id]);
  const accepted = input.loads.flatMap((load) => load.accepted());
  for (const request of accepted) {
    const stored = (targetsOf.get(request.post.postId) ?? []).sort();
    const answered = request.post.targets.map((t) => t.id).sort();
    if (JSON.stringify(stored) !== JSON.stringify(answered)) {
      problems.push(
        `accepted ${request.post.postId} has targets ${stored} in Postgres, answered ${answered}`,
      );
    }
  }
  problems.push(...(await halfWritten(chaos, pattern)));

  const acceptedPosts = new Set(accepted.map((request) => request.post.postId));
  return {
    posts: targetsOf.size,
    targets: rows.length,
    byStatus,
    accepted: accepted.length,
    writtenWithoutAnswer: [...targetsOf.keys()].filter((id) => !acceptedPosts.has(id)).length,
    onPlatforms: simPosts.length,
    problems,
  };
}

/** Posts without targets, targets without posts, and posts without their idempotency answer. */
async function halfWritten(chaos: Pick<ChaosSystem, "sql">, pattern: string): Promise<string[]> {
  const problems: string[] = [];
  const bare = await chaos.sql<{ id: string }[]>`
    select p.id from publish.posts p where p.text like ${pattern}
      and not exists (select 1 from publish.targets t where t.post_id = p.id)`;
  for (const post of bare) problems.push(`post ${post.id} has no targets`);
  const orphans = await chaos.sql<{ id: string }[]>`
    select t.id from publish.targets t where not exists (select 1 from publish.posts p where p.id = t.post_id)`;
  for (const target of orphans) problems.push(`target ${target.id} has no post`);
  const unanswered = await chaos.sql<{ key: string }[]>`
    select key from publish.idempotency_keys where response is null
      or not exists (select 1 from publish.posts p where p.id = response ->> 'postId')`;
  for (const row of unanswered) problems.push(`idempotency key ${row.key} has no answer or no post`);
  const keyless = await chaos.sql<{ id: string }[]>`
    select p.id from publish.posts p where p.text like ${pattern}
      and not exists (select 1 from publish.idempotency_keys k where k.response ->> 'postId' = p.id)`;
  for (const post of keyless) problems.push(`post ${post.id} has no idempotency key row`);
  return problems;
}
