import { setTimeout as delay } from "node:timers/promises";
import type { NatsConnection } from "@nats-io/nats-core";
import { connect } from "@nats-io/transport-node";
import { namespacedName } from "@postd/contracts";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { natsConnectOptions, randomToken } from "../src/index";
import {
  connectThroughConsent,
  counterTotal,
  http,
  logTimes,
  requestsPerInstance,
} from "./support/replica-probes";
import { type ReplicatedSystem, startReplicatedSystem } from "./support/replica-system";

// Two replicas of every service on this machine, sharing one database, Redis prefix and NATS namespace, under
// load: RPCs and jobs are spread over both, scheduled work (token refresh, health checks, reconcilers) runs once,
// and nothing is published twice. The intervals are shortened so a few seconds hold several of each.

const timeScale = 0.05;
/** TikTok access tokens live 6 s here and are refreshed 3 s before they expire: one refresh every ~3 s */
const refreshEveryMs = 3_000;
/** HEALTH_CHECK_INTERVAL_MS 40 000 × TIME_SCALE */
const checkEveryMs = 2_000;
/** every reconciler's interval × TIME_SCALE (20 s × 0.05) */
const reconcileEveryMs = 1_000;

let replicated: ReplicatedSystem;
let apiKey: string;
let nc: NatsConnection;
const gateway = (index: number) => replicated.gatewayUrls[index % replicated.gatewayUrls.length] ?? "";

beforeAll(async () => {
  replicated = await startReplicatedSystem({
    count: 2,
    timeScale,
    env: {
      LOG_LEVEL: "debug",
      HEALTH_EXPECTED_SERVICES: "gateway:2,oauth:2,token:2,publish:2,health:2,webhook:2",
      HEALTH_CHECK_INTERVAL_MS: String(checkEveryMs / timeScale),
      HEALTH_RECONCILE_INTERVAL_SECONDS: "20",
      RECONCILE_INTERVAL_SECONDS: "20",
      RECONCILE_INTERVAL_MS: "20000",
      WEBHOOK_RECONCILE_INTERVAL_SECONDS: "20",
      REFRESH_MARGIN_SECONDS: String(refreshEveryMs / 1000),
      REFRESH_JITTER_SECONDS: "0",
      // 24 posts go to one Business Profile location: its pacing (10 a minute, real time) is not what this tests
      PACE_GBP_EDITS_PER_MINUTE: "10000",
      // twelve processes at the default pool of 10 could ask Postgres (max_connections 100, shared with other
      // test runs) for more than it has; "too many clients" then fails token lookups and costs publish attempts
      DATABASE_POOL_MAX: "5",
      // 1 s, 3 s, 9 s, 27 s once scaled (the defaults scale to 50 ms … 1.35 s): a transient fault under CPU load
      // (an RPC timeout, a busy database) must not spend a target's five attempts in under two seconds
      PUBLISH_RETRY_DELAYS_MS: "20000,60000,180000,540000",
    },
    envFor: { gateway: { LOG_LEVEL: "info" }, "oauth-service": { LOG_LEVEL: "info" } },
  });
  const { system } = replicated;
  await http(`${system.simUrl}/_sim/settings`, {
    method: "PUT",
    // The platforms' rate limits run on real time (their waits are never scaled), and 24 posts to one Business
    // Profile location exceed its 10 edits a minute: the last ones would wait two real minutes. This test is about
    // replicas sharing work; rate limits have their own tests (connectors, publish-service pacing).
    body: {
      rateLimits: false,
      lifetimes: { tiktok: { accessTtlSeconds: 6, refreshTtlSeconds: 31_536_000 } },
    },
  });
  const tenant = await http<{ apiKey: string }>(`${gateway(0)}/api/admin/tenants`, {
    method: "POST",
    key: system.adminKey,
    body: { name: "replicas" },
  });
  apiKey = tenant.body.apiKey;
  for (const [index, platform] of ["meta", "linkedin", "tiktok", "gbp", "mailchimp"].entries()) {
    await connectThroughConsent({ gatewayUrl: gateway(index), apiKey, platform });
  }
  nc = await connect(natsConnectOptions(system.env.NATS_URL ?? ""));
}, 600_000);

afterAll(async () => {
  await nc?.close();
  await replicated?.stop();
}, 180_000);

interface Connection {
  id: string;
  platform: string;
  status: string;
  accounts: { id: string; kind: string }[];
}

async function connections(): Promise<Connection[]> {
  return (await http<{ data: Connection[] }>(`${gateway(1)}/api/connections`, { key: apiKey })).body.data;
}

interface PostState {
  status: string;
  targets?: { id: string; platform: string; status: string; attempts: number; lastError: unknown }[];
}

/** One unfinished post with each of its targets that is not yet published: status, attempts and last error. */
function describePost(postId: string, post: PostState): string {
  const targets = (post.targets ?? [])
    .filter((target) => target.status !== "published")
    .map(
      (target) =>
        `  ${target.id} ${target.platform}: ${target.status} after ${target.attempts} attempts, ` +
        `last error ${JSON.stringify(target.lastError)}`,
    );
  return [`${postId}: ${post.status}`, ...targets].join("\n");
}

/**
 * Attempts one publish-service process recorded as `published` (`publish_outcome` also counts retries, which a
 * transient fault may cause without any second publish).
 */
async function publishedCount(internalUrl: string): Promise<number> {
  const text = await (await fetch(`${internalUrl}/metrics`)).text();
  let total = 0;
  for (const line of text.split("\n")) {
    const match = /^publish_outcome(?:_total)?\{([^}]*)\} ([0-9.e+]+)/.exec(line);
    if (match?.[1]?.includes('outcome="published"')) total += Number(match[2]);
  }
  return total;
}

/** Runs `tasks` with at most `limit` at once. */
async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await (tasks[index] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: limit }, worker));
  return results;
}

describe("two replicas of every service", () => {
  it("share RPCs and publish jobs, and publish every target exactly once", async () => {
    const accounts = (await connections()).flatMap((connection) => connection.accounts);
    const kinds = ["facebook_page", "linkedin_organization", "gbp_location"];
    const targets = kinds.map((kind) => accounts.find((account) => account.kind === kind)?.id ?? "");
    const texts = Array.from({ length: 24 }, (_, index) => `replicas ${index} ${randomToken()}`);
    const posts = await inParallel(
      texts.map((text, index) => async () => {
        const answer = await http<{ postId: string }>(`${gateway(index)}/api/publish`, {
          method: "POST",
          key: apiKey,
          headers: { "idempotency-key": `replicas-${text}` },
          body: { targets: targets.map((accountId) => ({ accountId })), text },
        });
        expect(answer.status, JSON.stringify(answer.body)).toBe(202);
        return answer.body.postId;
      }),
      6,
    );
    // more RPCs for the services the posts do not reach: OAuth starts, webhook endpoints, the health report
    await inParallel(
      Array.from({ length: 12 }, (_, index) => async () => {
        await http(`${gateway(index)}/api/oauth/meta/start`, { method: "POST", key: apiKey, body: {} });
        await http(`${gateway(index)}/api/webhook-endpoints`, { key: apiKey });
        await http(`${gateway(index)}/api/health`, { key: apiKey });
      }),
      4,
    );
    await vi.waitFor(
      async () => {
        const unfinished: string[] = [];
        for (const [index, postId] of posts.entries()) {
          const post = await http<PostState>(`${gateway(index)}/api/posts/${postId}`, { key: apiKey });
          if (post.body.status !== "published") unfinished.push(describePost(postId, post.body));
        }
        expect(unfinished, `posts not published:\n${unfinished.join("\n")}`).toEqual([]);
      },
      { timeout: 120_000, interval: 500 },
    );

    const simPosts = await http<{ data: { platform: string; text: string }[] }>(
      `${replicated.system.simUrl}/_sim/posts`,
    );
    for (const text of texts) {
      const copies = simPosts.body.data
        .filter((post) => post.text.includes(text))
        .map((post) => post.platform);
      expect(copies.sort(), text).toEqual(["gbp", "linkedin", "meta"]);
    }
    const published = await Promise.all(
      (replicated.replicas.get("publish-service") ?? []).map((replica) =>
        publishedCount(replica.internalUrl),
      ),
    );
    expect(
      published.every((count) => count > 0),
      `publish jobs per replica: ${published}`,
    ).toBe(true);
    expect(published.reduce((sum, count) => sum + count, 0)).toBe(texts.length * kinds.length);

    for (const service of ["token", "oauth", "publish", "health", "webhook"]) {
      const perInstance = await requestsPerInstance(
        nc,
        namespacedName({ prefix: replicated.system.env.NATS_PREFIX ?? "" }, service),
      );
      expect(perInstance.size, service).toBe(2);
      expect(
        [...perInstance.values()].every((count) => count > 0),
        `${service}: ${[...perInstance.values()]}`,
      ).toBe(true);
    }
    for (const replica of replicated.replicas.get("gateway") ?? []) {
      expect(
        await counterTotal(replica.internalUrl, "api_request_duration_count"),
        replica.publicUrl,
      ).toBeGreaterThan(0);
    }
  }, 300_000);

  it("refreshes each token once per period, without ever reusing a rotating refresh token", async () => {
    const tiktok = (await connections()).find((connection) => connection.platform === "tiktok");
    if (!tiktok) throw new Error("no TikTok connection");
    const refreshCalls = async () => {
      const calls = await http<{ counts: Record<string, number> }>(`${replicated.system.simUrl}/_sim/calls`);
      return calls.body.counts["POST open.tiktokapis.com/v2/oauth/token/"] ?? 0;
    };
    const before = await refreshCalls();
    const startedAt = Date.now();
    await vi.waitFor(async () => expect((await refreshCalls()) - before).toBeGreaterThanOrEqual(4), {
      timeout: 60_000,
      interval: 200,
    });
    const elapsed = Date.now() - startedAt;
    const made = (await refreshCalls()) - before;
    // once per period: a second scheduler would double it (and TikTok would revoke the grant on the reuse)
    expect(made, `${made} refreshes in ${elapsed} ms`).toBeLessThanOrEqual(
      Math.ceil(elapsed / refreshEveryMs) + 1,
    );
    const grants = await http<{ data: { revoked: boolean }[] }>(
      `${replicated.system.simUrl}/_sim/grants?platform=tiktok&userId=${encodeURIComponent("alice.creates")}`,
    );
    expect(grants.body.data.every((grant) => !grant.revoked)).toBe(true);
    expect((await connections()).find((connection) => connection.id === tiktok.id)?.status).toBe("active");
  }, 90_000);

  it("checks each connection's health once per interval", async () => {
    const sql = postgres(replicated.system.env.DATABASE_URL ?? "", { max: 1 });
    try {
      const from = new Date();
      const perConnection = async () =>
        sql<{ connection_id: string; checks: Date[] }[]>`
          select connection_id, array_agg(checked_at order by checked_at) as checks
          from health.check_results
          where trigger = 'scheduled' and checked_at >= ${from}
          group by connection_id`;
      const all = await connections();
      await vi.waitFor(
        async () => {
          const rows = await perConnection();
          expect(rows.length).toBe(all.length);
          for (const row of rows) expect(row.checks.length).toBeGreaterThanOrEqual(4);
        },
        { timeout: 60_000, interval: 250 },
      );
      const elapsed = Date.now() - from.getTime();
      for (const row of await perConnection()) {
        expect(row.checks.length, row.connection_id).toBeLessThanOrEqual(
          Math.ceil(elapsed / checkEveryMs) + 1,
        );
        const gaps = row.checks
          .slice(1)
          .map((at, index) => at.getTime() - (row.checks[index] as Date).getTime());
        expect(Math.min(...gaps), `${row.connection_id}: ${gaps}`).toBeGreaterThan(checkEveryMs / 4);
      }
    } finally {
      await sql.end();
    }
  }, 90_000);

  it("runs each reconciler once per interval across both replicas", async () => {
    const from = Date.now();
    // a window of several intervals: counting runs needs time to pass, there is no event to wait for
    await delay(reconcileEveryMs * 8);
    const to = Date.now();
    const reconcilers: [string, string][] = [
      ["publish-service", "publish queue reconciled"],
      ["token-service", "refresh jobs reconciled"],
      ["health-service", "health schedules reconciled"],
      ["webhook-service", "delivery jobs reconciled"],
    ];
    for (const [service, message] of reconcilers) {
      const runs = (replicated.replicas.get(service as "publish-service") ?? []).flatMap((replica) =>
        logTimes(replica.output(), message).filter((time) => time >= from && time < to),
      );
      // the lock lasts 80 % of an interval: at most one run per 0.8 intervals, where both replicas would make two
      const most = Math.ceil((to - from) / (reconcileEveryMs * 0.8)) + 1;
      expect(runs.length, `${service}: ${runs.length} runs`).toBeGreaterThanOrEqual(3);
      expect(runs.length, `${service}: ${runs.length} runs`).toBeLessThanOrEqual(most);
    }
  }, 60_000);
});
