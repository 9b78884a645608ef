import { type AcceptedPost, GetPost } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bodyFor, connectDestination, publish, simCount, uniqueText, waitForTargets } from "./support/posts";
import { createPublishEnv, type PublishEnv } from "./support/publish-env";

// TikTok allows 6 inits per minute per user; the window is 5 s here so the test is short. The sim's own rate
// limits are off, so only our pacing holds the 7th post back.
const windowMs = 5_000;
let env: PublishEnv;
const tenantId = "ten_pacing";

beforeAll(async () => {
  env = await createPublishEnv({
    env: {
      PACE_TIKTOK_WINDOW_SECONDS: String(windowMs / 1_000),
      PACE_LINKEDIN_DAILY_LIMIT: "2",
      PACE_GBP_EDITS_PER_MINUTE: "2",
      PUBLISH_CONCURRENCY: "10",
    },
    sim: { rateLimits: false },
  });
});
afterAll(async () => env?.close());

async function attemptsOf(targetId: string) {
  return env.sql<{ number: number; started_at: Date; outcome: string | null }[]>`
    select number, started_at, outcome from publish.attempts where target_id = ${targetId} order by number`;
}

describe("pacing", () => {
  it("the 7th TikTok post for one account within the window waits: no failure, no attempt spent", async () => {
    const { accountId } = await connectDestination(env, tenantId, "tiktok");
    const texts = Array.from({ length: 7 }, (_, i) => uniqueText(`paced ${i}`));
    const posts = await Promise.all(
      texts.map(async (text) => ({
        text,
        accepted: await publish(env, { tenantId, body: bodyFor("tiktok", accountId, text) }),
      })),
    );
    const targetIds = posts.map((p) => p.accepted.targets[0]?.id ?? "");
    for (const { accepted } of posts) await waitForTargets(env, { tenantId, postId: accepted.postId });
    const starts: number[] = [];
    for (const targetId of targetIds) {
      const attempts = await attemptsOf(targetId);
      expect(attempts).toMatchObject([{ number: 1, outcome: "published" }]);
      starts.push(attempts[0]?.started_at.getTime() ?? 0);
    }
    starts.sort((a, b) => a - b);
    // the sliding window: the seventh attempt starts only once the first has left it (a slot is taken just before
    // its claim, hence the small allowance); unpaced, all seven would start within a second or two
    expect((starts[6] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(windowMs - 500);
    for (const { text } of posts) expect(await simCount(env, "tiktok", text)).toBe(1);
  }, 60_000);

  it("LinkedIn's daily limit holds the 3rd post of the day until 00:00 UTC", async () => {
    const { accountId } = await connectDestination(env, tenantId, "linkedin");
    const accepted: AcceptedPost[] = [];
    for (let i = 0; i < 3; i++) {
      accepted.push(
        await publish(env, { tenantId, body: bodyFor("linkedin", accountId, uniqueText(`daily ${i}`)) }),
      );
    }
    await vi.waitFor(
      async () => {
        const statuses = await Promise.all(
          accepted.map(
            async (a) => (await env.rpc.call(GetPost, { tenantId, postId: a.postId })).targets[0]?.status,
          ),
        );
        expect(statuses.filter((s) => s === "published")).toHaveLength(2);
      },
      { timeout: 20_000, interval: 100 },
    );
    const waiting = accepted[2]?.targets[0]?.id ?? "";
    await vi.waitFor(
      async () => {
        const job = await env.publish?.context.queues.publish.getJob(`publish:${waiting}:1`);
        expect(await job?.isDelayed()).toBe(true);
        const midnight = (Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000;
        // BullMQ keeps the first timestamp and the delay it measured: within a second of 00:00 UTC
        expect((job?.timestamp ?? 0) + (job?.delay ?? 0)).toBeGreaterThan(midnight - 1_000);
      },
      { timeout: 10_000, interval: 100 },
    );
    const [row] = await env.sql<{ status: string; attempts: number }[]>`
      select status, attempts from publish.targets where id = ${waiting}`;
    expect(row).toEqual({ status: "queued", attempts: 0 });
  });

  it("Google Business Profile's edits per minute hold the 3rd post to a location back, without spending an attempt", async () => {
    const { accountId } = await connectDestination(env, tenantId, "gbp");
    const accepted: AcceptedPost[] = [];
    for (let i = 0; i < 3; i++) {
      accepted.push(
        await publish(env, { tenantId, body: bodyFor("gbp", accountId, uniqueText(`edit ${i}`)) }),
      );
    }
    const statusesNow = async () =>
      Promise.all(
        accepted.map(
          async (a) => (await env.rpc.call(GetPost, { tenantId, postId: a.postId })).targets[0]?.status,
        ),
      );
    await vi.waitFor(
      async () => expect((await statusesNow()).filter((s) => s === "published")).toHaveLength(2),
      { timeout: 20_000, interval: 100 },
    );
    const [held] = await env.sql<{ status: string; attempts: number; id: string }[]>`
      select id, status, attempts from publish.targets
      where id = any(${accepted.map((a) => a.targets[0]?.id ?? "")}) and status <> 'published'`;
    // whichever of the three came last waits for the window, queued and with no attempt spent
    expect(held).toMatchObject({ status: "queued", attempts: 0 });
    const job = await env.publish?.context.queues.publish.getJob(`publish:${held?.id}:1`);
    expect(await job?.isDelayed()).toBe(true);
    expect(job?.delay ?? 0).toBeGreaterThan(30_000);
  });
});
