import { type PrivateServer, startPrivateRedis } from "@postd/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectExactlyOnce, type SentPost } from "./support/exactly-once";
import {
  bodyFor,
  connectDestination,
  type Destination,
  destinations,
  publish,
  uniqueText,
  waitForTargets,
} from "./support/posts";
import { createPublishEnv, type PublishEnv } from "./support/publish-env";

// Redis is not the record: FLUSHALL on a PRIVATE Redis mid-run (queued, delayed, retrying and in-flight jobs,
// pacing keys and the reconciler's lock all gone) and every accepted post still ends published exactly once.
let redis: PrivateServer;
let env: PublishEnv;
const tenantId = "ten_wipe";
const accounts = new Map<Destination, string>();
const used: Destination[] = ["facebook", "linkedin", "gbp", "mailchimp", "tiktok"];

beforeAll(async () => {
  redis = await startPrivateRedis();
  env = await createPublishEnv({
    redisUrl: redis.url,
    env: {
      PUBLISH_CONCURRENCY: "2",
      PACE_TIKTOK_INITS_PER_WINDOW: "10000",
      CONNECTOR_TIMEOUT_MS: "2000",
      PUBLISH_LEASE_MS: "4000",
    },
    sim: { rateLimits: false, quotas: false, latencyMs: 100 },
  });
  for (const destination of used)
    accounts.set(destination, (await connectDestination(env, tenantId, destination)).accountId);
}, 120_000);
afterAll(async () => {
  await env?.close();
  await redis?.dispose();
});

describe("Redis wiped mid-run", () => {
  it("the reconciler rebuilds the queue from Postgres: every post published exactly once", async () => {
    // LinkedIn fails twice first (a retry waits in the delayed set when Redis goes)
    await env.sim.control("POST", "/_sim/faults", {
      host: "api.linkedin.com",
      method: "POST",
      path: "re:^/rest/posts$",
      count: 2,
      action: { type: "respond", status: 503, body: { status: 503, message: "busy" } },
    });
    const sent: SentPost[] = [];
    for (let i = 0; i < 20; i++) {
      const destination = used[i % used.length] ?? "facebook";
      const text = uniqueText(`wipe ${destination}`);
      const body = {
        ...bodyFor(destination, accounts.get(destination) ?? "", text),
        ...(i % 4 === 3 ? { scheduledAt: new Date(Date.now() + 1_500).toISOString() } : {}),
      };
      const accepted = await publish(env, { tenantId, body });
      sent.push({ postId: accepted.postId, platform: destinations[destination].platform, text });
    }
    // some posts are on the platforms, others still waiting, delayed or in flight
    const published = async () => {
      const [row] = await env.sql<{ count: number }[]>`
        select count(*)::int as count from publish.targets where status = 'published'`;
      return row?.count ?? 0;
    };
    while ((await published()) < 3) await new Promise((resolve) => setTimeout(resolve, 10));
    const [open] = await env.sql<{ count: number }[]>`
      select count(*)::int as count from publish.targets where status in ('scheduled', 'queued', 'publishing', 'retrying')`;
    const client = new Redis(redis.url);
    const keysBefore = await client.dbsize();
    await client.flushall();
    expect(await client.dbsize()).toBeLessThan(keysBefore);
    await client.quit();
    expect(open?.count).toBeGreaterThan(5); // the wipe took queued, delayed and running jobs with it

    for (const post of sent) {
      await waitForTargets(env, {
        tenantId,
        postId: post.postId,
        statuses: ["published", "unconfirmed"],
        timeoutMs: 60_000,
      });
    }
    const tally = await expectExactlyOnce(env, tenantId, sent);
    expect(tally.published).toBe(sent.length);
  }, 180_000);
});
