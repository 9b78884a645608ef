import { DeletePost, GetPost, GetPostAnalytics } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  bodyFor,
  connectDestination,
  type Destination,
  destinations,
  publish,
  simCount,
  simPosts,
  uniqueText,
  waitForTargets,
} from "./support/posts";
import { createPublishEnv, type PublishEnv } from "./support/publish-env";

let env: PublishEnv;
beforeAll(async () => {
  env = await createPublishEnv();
});
afterAll(async () => env?.close());

const all = Object.keys(destinations) as Destination[];

describe.each(all)("%s", (destination) => {
  const { platform } = destinations[destination];
  const tenantId = `ten_happy_${destination}`;
  let accountId: string;
  let postId: string;
  let text: string;

  beforeAll(async () => {
    ({ accountId } = await connectDestination(env, tenantId, destination));
  });

  it("publishes a post once; the target shows the platform's id and URL", async () => {
    text = uniqueText(`hello from ${destination}`);
    const accepted = await publish(env, { tenantId, body: bodyFor(destination, accountId, text) });
    expect(accepted).toMatchObject({
      status: "queued",
      targets: [{ accountId, platform, status: "queued" }],
    });
    postId = accepted.postId;
    const post = await waitForTargets(env, { tenantId, postId });
    expect(post.status).toBe("published");
    const [target] = post.targets;
    expect(target).toMatchObject({ status: "published", attempts: 1, lastError: null });
    expect(target?.platformPostId).toEqual(expect.any(String));
    expect(target?.url).toMatch(/^https:\/\//);
    expect(await simCount(env, platform, text)).toBe(1);
    const held = (await simPosts(env, platform)).find((p) => p.text.trim() === text);
    expect(held?.postId).toBe(target?.platformPostId);
  });

  it("answers analytics with numbers", async () => {
    const { targets } = await env.rpc.call(GetPostAnalytics, { tenantId, postId });
    expect(targets).toHaveLength(1);
    const [metrics] = targets;
    expect(metrics?.error).toBeNull();
    expect(Object.keys(metrics?.metrics ?? {}).length).toBeGreaterThan(0);
    for (const value of Object.values(metrics?.metrics ?? {})) expect(Number.isFinite(value)).toBe(true);
  });

  it("publishes a scheduled post at its time", async () => {
    const scheduledText = uniqueText(`scheduled on ${destination}`);
    const scheduledAt = new Date(Date.now() + 2_000);
    const accepted = await publish(env, {
      tenantId,
      body: { ...bodyFor(destination, accountId, scheduledText), scheduledAt: scheduledAt.toISOString() },
    });
    expect(accepted.status).toBe("scheduled");
    const waiting = await env.rpc.call(GetPost, { tenantId, postId: accepted.postId });
    expect(waiting.targets[0]).toMatchObject({
      status: "scheduled",
      nextAttemptAt: scheduledAt.toISOString(),
    });
    expect(await simCount(env, platform, scheduledText)).toBe(0);
    const post = await waitForTargets(env, { tenantId, postId: accepted.postId });
    expect(post.status).toBe("published");
    expect(Date.parse(post.targets[0]?.publishedAt ?? "")).toBeGreaterThanOrEqual(scheduledAt.getTime());
    expect(await simCount(env, platform, scheduledText)).toBe(1);
  });

  it("deletes the post on the platform where it can, and says why not where it cannot", async () => {
    const { post, results } = await env.rpc.call(DeletePost, { tenantId, postId });
    const [result] = results;
    if (destination === "tiktok" || destination === "mailchimp") {
      expect(result).toMatchObject({ outcome: "not_deleted", detail: expect.stringMatching(/.{10,}/) });
      expect(post.targets[0]?.status).toBe("published");
      expect(await simCount(env, platform, text)).toBe(1);
      return;
    }
    expect(result).toMatchObject({ outcome: "deleted", detail: null });
    expect(post).toMatchObject({ status: "deleted", targets: [{ status: "deleted" }] });
    expect(await simCount(env, platform, text)).toBe(0);
    const gone = (await simPosts(env, platform, true)).filter((p) => p.text.trim() === text);
    expect(gone).toMatchObject([{ deleted: true }]);
  });
});
