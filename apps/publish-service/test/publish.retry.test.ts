import { GetConnection, ListDeadLetters, ReplayDeadLetter } from "@postd/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { bodyFor, connectDestination, publish, simCount, uniqueText, waitForTargets } from "./support/posts";
import { createPublishEnv, type PublishEnv } from "./support/publish-env";

// TIME_SCALE 0.1: the 1/3/9/27 s schedule takes 100/300/900/2700 ms. A wait is never shorter than planned; the
// upper bound is loose because a loaded machine delays job pickup.
const scale = 0.1;
const schedule = [1_000, 3_000, 9_000, 27_000].map((ms) => ms * scale);

let env: PublishEnv;
const tenantId = "ten_retry";
let accountId: string;
let connectionId: string;

beforeAll(async () => {
  env = await createPublishEnv({ env: { TIME_SCALE: String(scale) } });
  const connected = await connectDestination(env, tenantId, "linkedin");
  accountId = connected.accountId;
  connectionId = connected.connection.id;
});
afterAll(async () => env?.close());
beforeEach(async () => {
  await env.sim.control("DELETE", "/_sim/faults");
});

/** Makes LinkedIn's post creation answer `status` the next `count` times. */
async function failPosts(
  count: number,
  status: number,
  extra: { headers?: Record<string, string>; body?: unknown } = {},
) {
  await env.sim.control("POST", "/_sim/faults", {
    host: "api.linkedin.com",
    method: "POST",
    path: "re:^/rest/posts$",
    count,
    action: {
      type: "respond",
      status,
      headers: { "content-type": "application/json", ...extra.headers },
      body: extra.body ?? { status, message: `injected ${status}` },
    },
  });
}

async function attemptStarts(targetId: string): Promise<number[]> {
  const rows = await env.sql<{ started_at: Date }[]>`
    select started_at from publish.attempts where target_id = ${targetId} order by number`;
  return rows.map((row) => row.started_at.getTime());
}

function gaps(starts: number[]): number[] {
  return starts.slice(1).map((start, index) => start - (starts[index] ?? start));
}

async function publishText(label: string) {
  const text = uniqueText(label);
  const accepted = await publish(env, { tenantId, body: bodyFor("linkedin", accountId, text) });
  const targetId = accepted.targets[0]?.id ?? "";
  return { text, postId: accepted.postId, targetId };
}

describe("retryable failures", () => {
  it.each([429, 500])(
    "retries %i on the 1/3/9/27 schedule and publishes on the 5th attempt",
    async (status) => {
      await failPosts(4, status, status === 429 ? { headers: { "retry-after": "0" } } : {});
      const { text, postId, targetId } = await publishText(`retry ${status}`);
      const post = await waitForTargets(env, { tenantId, postId });
      expect(post.targets[0]).toMatchObject({ status: "published", attempts: 5 });
      expect(await simCount(env, "linkedin", text)).toBe(1);
      const spacing = gaps(await attemptStarts(targetId));
      expect(spacing).toHaveLength(4);
      spacing.forEach((gap, index) => {
        const wanted = schedule[index] ?? 0;
        expect(gap).toBeGreaterThanOrEqual(wanted - 5);
        expect(gap).toBeLessThan(wanted + 2_000);
      });
    },
  );

  it("honours a Retry-After longer than the schedule", async () => {
    await failPosts(1, 429, { headers: { "retry-after": "2" } });
    const { postId, targetId } = await publishText("retry-after");
    await waitForTargets(env, { tenantId, postId });
    const [gap] = gaps(await attemptStarts(targetId));
    expect(gap).toBeGreaterThanOrEqual(2_000 - 5);
    expect(gap).toBeLessThan(4_500);
  });
});

describe("refusals and exhaustion", () => {
  it.each([400, 403, 404])("dead-letters %i at once with the platform's message", async (status) => {
    await failPosts(1, status, {
      body: { status, serviceErrorCode: 100, message: `LinkedIn says no (${status})` },
    });
    const { text, postId, targetId } = await publishText(`refused ${status}`);
    const post = await waitForTargets(env, { tenantId, postId });
    expect(post.status).toBe("failed");
    expect(post.targets[0]).toMatchObject({
      status: "dead_lettered",
      attempts: 1,
      lastError: {
        kind: status === 403 ? "permission_denied" : "invalid_request",
        message: expect.stringContaining(`LinkedIn says no (${status})`),
      },
    });
    const { data } = await env.rpc.call(ListDeadLetters, { tenantId });
    const letter = data.find((d) => d.targetId === targetId);
    expect(letter).toMatchObject({ postId, platform: "linkedin", attempts: 1 });
    expect(letter?.reason).toContain(`LinkedIn says no (${status})`);
    expect(await simCount(env, "linkedin", text)).toBe(0);
    expect(await env.publish?.context.queues.deadLetter.getJob(letter?.id ?? "")).toBeTruthy();
  });

  it("dead-letters after 5 failed attempts, and a replay after the fault clears publishes once", async () => {
    await failPosts(5, 503);
    const { text, postId, targetId } = await publishText("exhausted");
    const post = await waitForTargets(env, { tenantId, postId });
    expect(post.targets[0]).toMatchObject({ status: "dead_lettered", attempts: 5 });
    const { data } = await env.rpc.call(ListDeadLetters, { tenantId });
    const letter = data.find((d) => d.targetId === targetId);
    expect(letter?.reason).toContain("gave up after 5 attempts");
    expect(letter?.attempts).toBe(5);

    await env.sim.control("DELETE", "/_sim/faults");
    const replayed = await env.rpc.call(ReplayDeadLetter, { tenantId, deadLetterId: letter?.id ?? "" });
    expect(replayed.status).toBe("queued");
    const after = await waitForTargets(env, { tenantId, postId });
    expect(after.targets[0]).toMatchObject({ status: "published", attempts: 6 });
    expect(await simCount(env, "linkedin", text)).toBe(1);
    const open = await env.rpc.call(ListDeadLetters, { tenantId });
    expect(open.data.some((d) => d.id === letter?.id)).toBe(false);
    await expect(
      env.rpc.call(ReplayDeadLetter, { tenantId, deadLetterId: letter?.id ?? "" }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });
});

describe("token refusals", () => {
  it("an expired token is refreshed once and the attempt goes on (no attempt spent)", async () => {
    await failPosts(1, 401, {
      body: { status: 401, serviceErrorCode: 65602, code: "EXPIRED_ACCESS_TOKEN", message: "expired" },
    });
    const { text, postId } = await publishText("expired token");
    const post = await waitForTargets(env, { tenantId, postId });
    expect(post.targets[0]).toMatchObject({ status: "published", attempts: 1 });
    expect(await simCount(env, "linkedin", text)).toBe(1);
  });

  it("a revoked grant dead-letters the target and marks the connection needs_reauth", async () => {
    await failPosts(1, 401, {
      body: { status: 401, serviceErrorCode: 65601, code: "REVOKED_ACCESS_TOKEN", message: "revoked" },
    });
    const { postId } = await publishText("revoked token");
    const post = await waitForTargets(env, { tenantId, postId });
    expect(post.targets[0]).toMatchObject({ status: "dead_lettered", lastError: { kind: "auth_revoked" } });
    await vi.waitFor(
      async () => {
        const connection = await env.rpc.call(GetConnection, { tenantId, connectionId });
        expect(connection.status).toBe("needs_reauth");
      },
      { timeout: 10_000 },
    );
  });
});
