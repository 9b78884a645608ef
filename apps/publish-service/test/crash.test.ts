import type { SpawnedService } from "@postd/testing";
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
import { simCalls } from "./support/sim-calls";

// The API runs in this process; the worker is its own process, SIGKILLed (by itself at a crash point, or by the
// test) ten times at varied points, and started again each time.
let env: PublishEnv;
const tenantId = "ten_crash";
const accounts = new Map<Destination, string>();
const used: Destination[] = ["facebook", "linkedin", "gbp", "mailchimp", "tiktok"];
const workerEnv = {
  CONNECTOR_TIMEOUT_MS: "1500",
  PUBLISH_LEASE_MS: "3000",
  PACE_TIKTOK_INITS_PER_WINDOW: "10000",
};

beforeAll(async () => {
  env = await createPublishEnv({ role: "api", env: workerEnv, sim: { rateLimits: false, quotas: false } });
  for (const destination of used)
    accounts.set(destination, (await connectDestination(env, tenantId, destination)).accountId);
}, 120_000);
afterAll(async () => env?.close());

type Kill =
  | { how: "crash-point"; point: "after-platform-accepted" | "before-dispatch" | "after-claim" }
  | { how: "during-publish-call" }
  | { how: "after-lost-answer" }
  | { how: "at-random" };

const rounds: Kill[] = [
  { how: "crash-point", point: "after-platform-accepted" },
  { how: "during-publish-call" },
  { how: "crash-point", point: "before-dispatch" },
  { how: "at-random" },
  { how: "crash-point", point: "after-platform-accepted" },
  { how: "after-lost-answer" },
  { how: "crash-point", point: "after-claim" },
  { how: "during-publish-call" },
  { how: "crash-point", point: "after-platform-accepted" },
  { how: "at-random" },
];

const sent: SentPost[] = [];
let counter = 0;

async function sendPosts(count: number, first?: Destination): Promise<void> {
  for (let i = 0; i < count; i++) {
    const destination = i === 0 && first ? first : (used[counter++ % used.length] ?? "facebook");
    const text = uniqueText(`crash ${destination}`);
    const accepted = await publish(env, {
      tenantId,
      body: bodyFor(destination, accounts.get(destination) ?? "", text),
    });
    sent.push({ postId: accepted.postId, platform: destinations[destination].platform, text });
  }
}

async function exitWithin(worker: SpawnedService, ms: number): Promise<void> {
  const timer = setTimeout(() => worker.kill(), ms);
  await worker.waitForExit();
  clearTimeout(timer);
}

async function runRound(kill: Kill): Promise<void> {
  await env.sim.control("DELETE", "/_sim/faults");
  if (kill.how === "crash-point") {
    const worker = await env.spawnWorker({ ...workerEnv, TEST_CRASH_POINT: kill.point });
    await sendPosts(3);
    return exitWithin(worker, 30_000);
  }
  const worker = await env.spawnWorker(workerEnv);
  if (kill.how === "during-publish-call") {
    // LinkedIn holds the request 1 s, then makes the post: the worker dies after the platform accepted it and
    // before anything was recorded
    await env.sim.control("POST", "/_sim/faults", {
      host: "api.linkedin.com",
      method: "POST",
      path: "re:^/rest/posts$",
      action: { type: "latency", ms: 1_000 },
    });
    const before = await simCalls(env.sim, "POST api.linkedin.com/rest/posts");
    await sendPosts(3, "linkedin");
    await waitFor(async () => (await simCalls(env.sim, "POST api.linkedin.com/rest/posts")) > before);
  } else if (kill.how === "after-lost-answer") {
    // the Page post is made and the connection dropped (unknown outcome); the worker dies while it settles it
    await env.sim.control("POST", "/_sim/faults", {
      host: "graph.facebook.com",
      method: "POST",
      path: "re:/feed$",
      action: { type: "reset_after" },
    });
    await sendPosts(3, "facebook");
    await new Promise((resolve) => setTimeout(resolve, 150 + Math.random() * 200));
  } else {
    await sendPosts(3);
    await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 400));
  }
  worker.kill();
  await worker.waitForExit();
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("crash safety", () => {
  it("SIGKILLed 10 times at varied points: every post is published exactly once, or unconfirmed — never twice", async () => {
    for (const kill of rounds) await runRound(kill);
    await env.sim.control("DELETE", "/_sim/faults");
    const survivor = await env.spawnWorker(workerEnv);
    for (const post of sent) {
      await waitForTargets(env, {
        tenantId,
        postId: post.postId,
        statuses: ["published", "unconfirmed"],
        timeoutMs: 120_000,
      });
    }
    const tally = await expectExactlyOnce(env, tenantId, sent);
    expect(tally.published + tally.unconfirmed).toBe(sent.length);
    const [lost] = await env.sql<{ count: number }[]>`
        select count(*)::int as count from publish.attempts where outcome = 'lost'`;
    expect(lost?.count).toBeGreaterThan(0); // recoveries really happened
    survivor.kill();
    await survivor.waitForExit();
  }, 360_000);
});
