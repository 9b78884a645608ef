import { CreatePost } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bodyFor, connectDestination, simCount, uniqueText, waitForTargets } from "./support/posts";
import { createPublishEnv, type PublishEnv } from "./support/publish-env";

let env: PublishEnv;
const tenantId = "ten_idem";
let accountId: string;

beforeAll(async () => {
  env = await createPublishEnv();
  ({ accountId } = await connectDestination(env, tenantId, "facebook"));
});
afterAll(async () => env?.close());

async function postsWithText(text: string): Promise<number> {
  const [row] = await env.sql<
    { count: number }[]
  >`select count(*)::int as count from publish.posts where text = ${text}`;
  return row?.count ?? 0;
}

describe("Idempotency-Key (Stripe's semantics)", () => {
  it("the same key and body answer the first answer again; one post on the platform", async () => {
    const text = uniqueText("idempotent");
    const request = { tenantId, idempotencyKey: "key-same", body: bodyFor("facebook", accountId, text) };
    const first = await env.rpc.call(CreatePost, request);
    // the same body with its keys in another order is the same request (canonical JSON)
    const reordered = Object.fromEntries(Object.entries(request.body).reverse());
    const second = await env.rpc.call(CreatePost, { ...request, body: reordered });
    expect(first.replayed).toBe(false);
    expect(second).toEqual({ post: first.post, replayed: true });
    await waitForTargets(env, { tenantId, postId: first.post.postId });
    const third = await env.rpc.call(CreatePost, request);
    expect(third.post).toEqual(first.post);
    expect(await postsWithText(text)).toBe(1);
    expect(await simCount(env, "meta", text)).toBe(1);
  });

  it("the same key with another body is a CONFLICT and nothing is published", async () => {
    const text = uniqueText("original");
    const other = uniqueText("changed");
    const first = await env.rpc.call(CreatePost, {
      tenantId,
      idempotencyKey: "key-conflict",
      body: bodyFor("facebook", accountId, text),
    });
    await expect(
      env.rpc.call(CreatePost, {
        tenantId,
        idempotencyKey: "key-conflict",
        body: bodyFor("facebook", accountId, other),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await waitForTargets(env, { tenantId, postId: first.post.postId });
    expect(await postsWithText(other)).toBe(0);
    expect(await simCount(env, "meta", other)).toBe(0);
  });

  it("50 concurrent requests with one key make one post", async () => {
    const text = uniqueText("concurrent");
    const request = { tenantId, idempotencyKey: "key-50", body: bodyFor("facebook", accountId, text) };
    const answers = await Promise.all(Array.from({ length: 50 }, () => env.rpc.call(CreatePost, request)));
    expect(new Set(answers.map((answer) => answer.post.postId)).size).toBe(1);
    expect(answers.filter((answer) => !answer.replayed)).toHaveLength(1);
    for (const answer of answers) expect(answer.post).toEqual(answers[0]?.post);
    await waitForTargets(env, { tenantId, postId: answers[0]?.post.postId ?? "" });
    expect(await postsWithText(text)).toBe(1);
    expect(await simCount(env, "meta", text)).toBe(1);
  });

  it("another tenant's request with the same key is a request of its own", async () => {
    const other = "ten_idem_other";
    const { accountId: theirs } = await connectDestination(env, other, "facebook");
    const mine = await env.rpc.call(CreatePost, {
      tenantId,
      idempotencyKey: "key-shared",
      body: bodyFor("facebook", accountId, uniqueText("mine")),
    });
    const yours = await env.rpc.call(CreatePost, {
      tenantId: other,
      idempotencyKey: "key-shared",
      body: bodyFor("facebook", theirs, uniqueText("yours")),
    });
    expect(yours.replayed).toBe(false);
    expect(yours.post.postId).not.toBe(mine.post.postId);
  });

  it("an expired key is a new request", async () => {
    const request = {
      tenantId,
      idempotencyKey: "key-expiring",
      body: bodyFor("facebook", accountId, uniqueText("expiring")),
    };
    const first = await env.rpc.call(CreatePost, request);
    const [row] = await env.sql<{ expires_at: Date; created_at: Date }[]>`
      select created_at, expires_at from publish.idempotency_keys where tenant_id = ${tenantId} and key = 'key-expiring'`;
    // kept at least 24 hours (TIME_SCALE 0.01 scales the TTL: 24 h → 864 s)
    expect((row?.expires_at.getTime() ?? 0) - (row?.created_at.getTime() ?? 0)).toBe(864_000);
    await env.sql`update publish.idempotency_keys set expires_at = now() - interval '1 second'
      where tenant_id = ${tenantId} and key = 'key-expiring'`;
    const again = await env.rpc.call(CreatePost, request);
    expect(again.replayed).toBe(false);
    expect(again.post.postId).not.toBe(first.post.postId);
  });
});
