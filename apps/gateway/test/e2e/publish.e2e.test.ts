import type { AcceptedPost, Platform, PostView } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type E2eSystem, startE2eSystem, type Tenant } from "./support/e2e-system";
import { expectStatus } from "./support/http";
import {
  allDestinations,
  bodyFor,
  clearFaults,
  type Destination,
  destinations,
  failLinkedInPosts,
  getPost,
  postPublish,
  publish,
  simCount,
  simPosts,
  uniqueText,
  waitForTargets,
} from "./support/posts";

// publish-service at TIME_SCALE 0.05: the 1/3/9/27 s retry schedule takes 50/150/450/1350 ms.
const publishScale = 0.05;
const schedule = [1_000, 3_000, 9_000, 27_000].map((ms) => ms * publishScale);

let e2e: E2eSystem;
let tenant: Tenant;
const accounts = new Map<Destination, string>();

beforeAll(async () => {
  e2e = await startE2eSystem({ envFor: { "publish-service": { TIME_SCALE: String(publishScale) } } });
  tenant = await e2e.createTenant("Publish Co");
  for (const platform of new Set(allDestinations.map((d) => destinations[d].platform))) {
    const { connection } = await e2e.connect(tenant, platform);
    for (const destination of allDestinations.filter((d) => destinations[d].platform === platform)) {
      // the seeded accounts that can take a post (the sim's last Mailchimp audience has no subscribers)
      const external = {
        facebook: "200000000000001",
        instagram: "17841400000000001",
        mailchimp: "a19e5d0c01",
      }[destination as string];
      accounts.set(destination, e2e.accountOf(connection, destinations[destination].kind, external));
    }
  }
}, 240_000);

afterAll(async () => e2e?.stop(), 60_000);

const accountOf = (destination: Destination) => accounts.get(destination) ?? "";

/** Copies of `text` the sim holds on the destination's account. */
async function copiesOn(destination: Destination, text: string): Promise<number> {
  return simCount(e2e, destinations[destination].platform, text);
}

describe.each(allDestinations)("%s", (destination) => {
  const { platform } = destinations[destination];
  let postId = "";
  let text = "";

  it("POST /api/publish → 202; the target ends published with the platform's id and URL; one post on the sim", async () => {
    text = uniqueText(`hello ${destination}`);
    const answer = await postPublish(e2e, tenant, bodyFor(destination, accountOf(destination), text));
    expect(answer.status, answer.text).toBe(202);
    expect(answer.body).toMatchObject({
      postId: expect.stringMatching(/^pst_/),
      status: "queued",
      targets: [{ accountId: accountOf(destination), platform, status: "queued" }],
    });
    postId = answer.body.postId;
    const post = await waitForTargets(e2e, tenant, postId);
    expect(post.status, JSON.stringify(post.targets)).toBe("published");
    const [target] = post.targets;
    expect(target).toMatchObject({ status: "published", attempts: 1, lastError: null });
    expect(target?.platformPostId).toMatch(/.+/);
    expect(target?.url).toMatch(/^https:\/\//);
    expect(await copiesOn(destination, text)).toBe(1);
    const held = (await simPosts(e2e, platform)).find((p) => p.text.trim() === text);
    expect(held?.postId).toBe(target?.platformPostId);
  });

  it("GET /api/posts/:id/analytics answers numbers", async () => {
    const answer = await expectStatus(
      e2e.gateway<{
        targets: Array<{ platform: Platform; metrics: Record<string, number>; fetchedAt: string }>;
      }>(`/api/posts/${postId}/analytics`, { key: tenant.apiKey }),
      200,
    );
    expect(answer.targets).toHaveLength(1);
    const [metrics] = answer.targets;
    expect(metrics?.platform).toBe(platform);
    expect(Object.keys(metrics?.metrics ?? {}).length).toBeGreaterThan(0);
    for (const value of Object.values(metrics?.metrics ?? {})) expect(Number.isFinite(value)).toBe(true);
  });

  it("DELETE /api/posts/:id removes it from the sim, or says why not (TikTok, a sent Mailchimp campaign)", async () => {
    const answer = await expectStatus(
      e2e.gateway<PostView & { results: Array<{ outcome: string; detail: string | null }> }>(
        `/api/posts/${postId}`,
        {
          method: "DELETE",
          key: tenant.apiKey,
        },
      ),
      200,
    );
    const [result] = answer.results;
    if (destination === "tiktok" || destination === "mailchimp") {
      expect(result).toMatchObject({ outcome: "not_deleted", detail: expect.stringMatching(/.{10,}/) });
      expect(answer.targets[0]?.status).toBe("published");
      expect(await copiesOn(destination, text)).toBe(1);
      return;
    }
    expect(result).toMatchObject({ outcome: "deleted" });
    expect(answer).toMatchObject({ status: "deleted", targets: [{ status: "deleted" }] });
    expect(await copiesOn(destination, text)).toBe(0);
    expect((await simPosts(e2e, platform, true)).filter((p) => p.text.trim() === text)).toMatchObject([
      { deleted: true },
    ]);
  });
});

describe("scheduled", () => {
  it("a scheduled post publishes at its time on every platform, not before", async () => {
    const scheduledAt = new Date(Date.now() + 4_000);
    const sent = await Promise.all(
      allDestinations.map(async (destination) => {
        const text = uniqueText(`scheduled ${destination}`);
        const body = {
          ...bodyFor(destination, accountOf(destination), text),
          scheduledAt: scheduledAt.toISOString(),
        };
        const accepted = await publish(e2e, tenant, body);
        return { destination, text, accepted };
      }),
    );
    for (const { destination, text, accepted } of sent) {
      expect(accepted.status, destination).toBe("scheduled");
      const waiting = await getPost(e2e, tenant, accepted.postId);
      expect(waiting.targets[0]?.status, destination).toBe("scheduled");
      expect(await copiesOn(destination, text), destination).toBe(0);
    }
    for (const { destination, text, accepted } of sent) {
      const post = await waitForTargets(e2e, tenant, accepted.postId, { timeoutMs: 30_000 });
      expect(post.status, destination).toBe("published");
      expect(Date.parse(post.targets[0]?.publishedAt ?? ""), destination).toBeGreaterThanOrEqual(
        scheduledAt.getTime(),
      );
      expect(await copiesOn(destination, text), destination).toBe(1);
    }
  });
});

describe("Idempotency-Key", () => {
  it("the same key and body answer identically, and publish once", async () => {
    const text = uniqueText("idempotent");
    const body = bodyFor("linkedin", accountOf("linkedin"), text);
    const first = await postPublish(e2e, tenant, body, "same-key");
    const second = await postPublish(e2e, tenant, body, "same-key");
    expect(first.status).toBe(202);
    expect(second.status).toBe(202);
    expect(second.body).toEqual(first.body);
    await waitForTargets(e2e, tenant, first.body.postId);
    const third = await postPublish(e2e, tenant, body, "same-key");
    expect(third.body).toEqual(first.body);
    expect(await copiesOn("linkedin", text)).toBe(1);
  });

  it("the same key with another body answers 409 and publishes nothing", async () => {
    const original = uniqueText("original");
    const changed = uniqueText("changed");
    const first = await postPublish(
      e2e,
      tenant,
      bodyFor("linkedin", accountOf("linkedin"), original),
      "reused-key",
    );
    expect(first.status).toBe(202);
    const conflict = await postPublish(
      e2e,
      tenant,
      bodyFor("linkedin", accountOf("linkedin"), changed),
      "reused-key",
    );
    expect(conflict.status).toBe(409);
    expect(conflict.headers.get("content-type")).toContain("application/problem+json");
    expect(conflict.body).toMatchObject({ code: "CONFLICT" });
    await waitForTargets(e2e, tenant, first.body.postId);
    expect(await copiesOn("linkedin", changed)).toBe(0);
    expect(await copiesOn("linkedin", original)).toBe(1);
  });

  it("50 concurrent requests with one key make one post", async () => {
    const text = uniqueText("fifty");
    const body = bodyFor("linkedin", accountOf("linkedin"), text);
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => postPublish(e2e, tenant, body, "key-50")),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(202));
    const postIds = new Set(answers.map((a) => (a.body as AcceptedPost).postId));
    expect(postIds.size).toBe(1);
    for (const answer of answers) expect(answer.body).toEqual(answers[0]?.body);
    await waitForTargets(e2e, tenant, [...postIds][0] ?? "");
    expect(await copiesOn("linkedin", text)).toBe(1);
    const [row] = await e2e.sql<
      { n: number }[]
    >`select count(*)::int as n from publish.posts where text = ${text}`;
    expect(row?.n).toBe(1);
  });

  it("is required (400 naming the header)", async () => {
    const answer = await postPublish(e2e, tenant, bodyFor("linkedin", accountOf("linkedin"), "no key"), null);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ errors: [{ path: "headers.idempotency-key" }] });
  });
});

async function attemptGaps(targetId: string): Promise<number[]> {
  const rows = await e2e.sql<{ started_at: Date }[]>`
    select started_at from publish.attempts where target_id = ${targetId} order by number`;
  const starts = rows.map((row) => row.started_at.getTime());
  return starts.slice(1).map((start, index) => start - (starts[index] ?? start));
}

describe("retries and dead letters", () => {
  it.each([429, 500])(
    "an injected %i is retried on the 1/3/9/27 schedule, then publishes",
    async (status) => {
      await clearFaults(e2e);
      await failLinkedInPosts(e2e, {
        count: 4,
        status,
        ...(status === 429 ? { headers: { "retry-after": "0" } } : {}),
      });
      const text = uniqueText(`retry ${status}`);
      const accepted = await publish(e2e, tenant, bodyFor("linkedin", accountOf("linkedin"), text));
      const post = await waitForTargets(e2e, tenant, accepted.postId);
      expect(post.targets[0]).toMatchObject({ status: "published", attempts: 5 });
      expect(await copiesOn("linkedin", text)).toBe(1);
      const gaps = await attemptGaps(accepted.targets[0]?.id ?? "");
      expect(gaps).toHaveLength(4);
      gaps.forEach((gap, index) => {
        const wanted = schedule[index] ?? 0;
        expect(gap, `wait before attempt ${index + 2}`).toBeGreaterThanOrEqual(wanted - 5);
        expect(gap, `wait before attempt ${index + 2}`).toBeLessThan(wanted + 1_500);
      });
    },
  );

  it("an injected 400 dead-letters at once with the platform's message; replay after the fault clears publishes once", async () => {
    await clearFaults(e2e);
    await failLinkedInPosts(e2e, { count: 1, status: 400, message: "The text contains a forbidden word" });
    const text = uniqueText("refused");
    const accepted = await publish(e2e, tenant, bodyFor("linkedin", accountOf("linkedin"), text));
    const post = await waitForTargets(e2e, tenant, accepted.postId);
    expect(post.status).toBe("failed");
    expect(post.targets[0]).toMatchObject({
      status: "dead_lettered",
      attempts: 1,
      lastError: { message: expect.stringContaining("The text contains a forbidden word") },
    });
    const { data } = await expectStatus(
      e2e.gateway<{
        data: Array<{
          id: string;
          targetId: string;
          postId: string;
          platform: string;
          reason: string;
          error: { message: string };
          attempts: number;
        }>;
      }>("/api/dead-letters", { key: tenant.apiKey }),
      200,
    );
    const letter = data.find((d) => d.targetId === accepted.targets[0]?.id);
    expect(letter).toMatchObject({ postId: accepted.postId, platform: "linkedin", attempts: 1 });
    expect(letter?.reason).toContain("The text contains a forbidden word");
    expect(await copiesOn("linkedin", text)).toBe(0);

    await clearFaults(e2e);
    const replay = await e2e.gateway<{ status: string }>(`/api/dead-letters/${letter?.id}/replay`, {
      method: "POST",
      key: tenant.apiKey,
    });
    expect(replay.status, replay.text).toBe(202);
    expect(replay.body.status).toBe("queued");
    const after = await waitForTargets(e2e, tenant, accepted.postId);
    expect(after.targets[0]).toMatchObject({ status: "published" });
    expect(await copiesOn("linkedin", text)).toBe(1);
    const open = await expectStatus(
      e2e.gateway<{ data: Array<{ id: string }> }>("/api/dead-letters", { key: tenant.apiKey }),
      200,
    );
    expect(open.data.map((d) => d.id)).not.toContain(letter?.id);
    // a second replay of the same letter is refused: no second post
    expect(
      (await e2e.gateway(`/api/dead-letters/${letter?.id}/replay`, { method: "POST", key: tenant.apiKey }))
        .status,
    ).toBe(409);
    expect(await copiesOn("linkedin", text)).toBe(1);
  });
});

describe("bad input: 4xx problem+json naming each problem, nothing written", () => {
  let foreignAccount = "";

  beforeAll(async () => {
    await clearFaults(e2e);
    const other = await e2e.createTenant("Someone Else");
    foreignAccount = e2e.accountOf((await e2e.connect(other, "linkedin")).connection, "linkedin_member");
  });

  async function rowCounts(): Promise<Record<string, number>> {
    const [row] = await e2e.sql<Record<string, number>[]>`
      select (select count(*)::int from publish.posts) as posts,
             (select count(*)::int from publish.targets) as targets,
             (select count(*)::int from publish.idempotency_keys) as keys`;
    return row ?? {};
  }

  async function refused(body: unknown, status: number): Promise<Array<{ path: string; message: string }>> {
    const before = await rowCounts();
    const key = `bad-${Math.random()}`;
    const answer = await postPublish(e2e, tenant, body, key);
    expect(answer.status, answer.text).toBe(status);
    expect(answer.headers.get("content-type")).toContain("application/problem+json");
    expect(answer.body).toMatchObject({
      status,
      type: expect.any(String),
      title: expect.any(String),
      requestId: expect.any(String),
    });
    expect(await rowCounts()).toEqual(before);
    return (answer.body as { errors?: Array<{ path: string; message: string }> }).errors ?? [];
  }

  it("empty targets", async () => {
    const errors = await refused({ targets: [], text: "hi" }, 400);
    expect(errors.map((e) => e.path)).toEqual(["body.targets"]);
  });

  it("unknown and foreign account ids, each named", async () => {
    const errors = await refused(
      {
        targets: [{ accountId: "acc_00000000000000000000000000" }, { accountId: foreignAccount }],
        text: "hi",
      },
      400,
    );
    expect(errors.map((e) => e.path)).toEqual(["body.targets.0.accountId", "body.targets.1.accountId"]);
  });

  it("malformed media URLs, each named", async () => {
    const errors = await refused(
      {
        targets: [{ accountId: accountOf("linkedin") }],
        text: "hi",
        media: [
          { url: "not a url", type: "image" },
          { url: "http://plain.test/a.jpg", type: "image" },
        ],
      },
      400,
    );
    expect(errors.map((e) => e.path)).toEqual(["body.media.0.url", "body.media.1.url"]);
  });

  it("scheduledAt in the past", async () => {
    const errors = await refused(
      { targets: [{ accountId: accountOf("linkedin") }], text: "hi", scheduledAt: "2020-01-01T00:00:00Z" },
      400,
    );
    expect(errors.map((e) => e.path)).toEqual(["body.scheduledAt"]);
  });

  it("text over each platform's limit, for every target at once (422)", async () => {
    const errors = await refused(
      {
        targets: [
          { accountId: accountOf("linkedin") },
          { accountId: accountOf("gbp") },
          { accountId: accountOf("facebook") },
        ],
        text: "x".repeat(70_000),
      },
      422,
    );
    const paths = errors.map((e) => e.path);
    expect(paths).toEqual(
      expect.arrayContaining(["body.targets.0.text", "body.targets.1.text", "body.targets.2.text"]),
    );
    for (const error of errors) expect(error.message).toMatch(/.{10,}/);
  });

  it("a refused key stays free: the same key with a good body is then accepted", async () => {
    const key = `retry-after-fix-${Math.random()}`;
    expect((await postPublish(e2e, tenant, { targets: [], text: "hi" }, key)).status).toBe(400);
    const accepted = await postPublish(
      e2e,
      tenant,
      bodyFor("linkedin", accountOf("linkedin"), uniqueText("fixed")),
      key,
    );
    expect(accepted.status, accepted.text).toBe(202);
    await waitForTargets(e2e, tenant, accepted.body.postId);
  });
});
