import { jetstream } from "@nats-io/jetstream";
import {
  DeletePost,
  DiscardDeadLetter,
  GetPost,
  GetPostAnalytics,
  ListPosts,
  namespaced,
  newId,
  PostCancelled,
  PostTargetPublished,
  ReplayDeadLetter,
  RevokeConnection,
  UpdatePost,
  WebhookReceived,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventRecorder, recordPostEvents } from "./support/event-recorder";
import { bodyFor, connectDestination, publish, simCount, uniqueText, waitForTargets } from "./support/posts";
import { createPublishEnv, type PublishEnv } from "./support/publish-env";

let env: PublishEnv;
let events: EventRecorder;
const tenantId = "ten_posts";
const stranger = "ten_stranger";
let linkedin: string;
let facebook: string;
const later = () => new Date(Date.now() + 3_600_000).toISOString();

beforeAll(async () => {
  env = await createPublishEnv();
  events = await recordPostEvents({ nc: env.nc, ns: env.nats.ns });
  linkedin = (await connectDestination(env, tenantId, "linkedin")).accountId;
  facebook = (await connectDestination(env, tenantId, "facebook")).accountId;
});
afterAll(async () => {
  await events?.stop();
  await env?.close();
});

describe("reading posts", () => {
  it("lists newest first with cursor paging and filters", async () => {
    const tenant = "ten_lister";
    const { accountId } = await connectDestination(env, tenant, "gbp");
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const body = { ...bodyFor("gbp", accountId, `listed ${i}`), scheduledAt: later() };
      ids.push((await publish(env, { tenantId: tenant, body })).postId);
    }
    const first = await env.rpc.call(ListPosts, { tenantId: tenant, limit: 2 });
    expect(first.data.map((p) => p.id)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBe(ids[1]);
    const second = await env.rpc.call(ListPosts, {
      tenantId: tenant,
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    expect(second).toMatchObject({ data: [{ id: ids[0], status: "scheduled" }], nextCursor: null });
    expect((await env.rpc.call(ListPosts, { tenantId: tenant, status: "published" })).data).toEqual([]);
    expect((await env.rpc.call(ListPosts, { tenantId: tenant, platform: "gbp" })).data).toHaveLength(3);
    expect((await env.rpc.call(ListPosts, { tenantId: tenant, platform: "meta" })).data).toHaveLength(0);
    expect((await env.rpc.call(ListPosts, { tenantId: stranger })).data).toEqual([]);
  });

  it("another tenant's ids answer NOT_FOUND, exactly like missing ones", async () => {
    const accepted = await publish(env, {
      tenantId,
      body: { ...bodyFor("linkedin", linkedin, "mine"), scheduledAt: later() },
    });
    const postId = accepted.postId;
    for (const call of [
      () => env.rpc.call(GetPost, { tenantId: stranger, postId }),
      () => env.rpc.call(UpdatePost, { tenantId: stranger, postId, patch: { text: "hijacked" } }),
      () => env.rpc.call(DeletePost, { tenantId: stranger, postId }),
      () => env.rpc.call(GetPostAnalytics, { tenantId: stranger, postId }),
      () => env.rpc.call(GetPost, { tenantId, postId: newId("post") }),
      () => env.rpc.call(ReplayDeadLetter, { tenantId: stranger, deadLetterId: newId("deadLetter") }),
      () => env.rpc.call(DiscardDeadLetter, { tenantId: stranger, deadLetterId: newId("deadLetter") }),
    ]) {
      await expect(call()).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect((await env.rpc.call(GetPost, { tenantId, postId })).text).toBe("mine");
  });
});

describe("editing and deleting", () => {
  it("edits a scheduled post (text and time), which then publishes as edited; 409 once started", async () => {
    const before = uniqueText("before edit");
    const after = uniqueText("after edit");
    const accepted = await publish(env, {
      tenantId,
      body: { ...bodyFor("linkedin", linkedin, before), scheduledAt: later() },
    });
    const scheduledAt = new Date(Date.now() + 1_500).toISOString();
    const edited = await env.rpc.call(UpdatePost, {
      tenantId,
      postId: accepted.postId,
      patch: { text: after, scheduledAt },
    });
    expect(edited).toMatchObject({
      text: after,
      scheduledAt,
      status: "scheduled",
      targets: [{ nextAttemptAt: scheduledAt }],
    });
    await expect(
      env.rpc.call(UpdatePost, { tenantId, postId: accepted.postId, patch: { text: "x".repeat(3_001) } }),
    ).rejects.toMatchObject({ code: "UNPROCESSABLE", errors: [{ path: "targets.0.text" }] });
    await waitForTargets(env, { tenantId, postId: accepted.postId });
    expect(await simCount(env, "linkedin", after)).toBe(1);
    expect(await simCount(env, "linkedin", before)).toBe(0);
    await expect(
      env.rpc.call(UpdatePost, { tenantId, postId: accepted.postId, patch: { text: "too late" } }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("deleting a scheduled post cancels it, removes its job and emits post.cancelled.v1", async () => {
    const text = uniqueText("never");
    const accepted = await publish(env, {
      tenantId,
      body: {
        ...bodyFor("linkedin", linkedin, text),
        targets: [{ accountId: linkedin }, { accountId: facebook }],
        scheduledAt: later(),
      },
    });
    const targetIds = accepted.targets.map((t) => t.id);
    const queue = env.publish?.context.queues.publish;
    expect(await queue?.getJob(`publish:${targetIds[0]}:1`)).toBeTruthy();
    const { post, results } = await env.rpc.call(DeletePost, { tenantId, postId: accepted.postId });
    expect(post.status).toBe("cancelled");
    expect(results.map((r) => r.outcome)).toEqual(["cancelled", "cancelled"]);
    for (const id of targetIds) expect(await queue?.getJob(`publish:${id}:1`)).toBeUndefined();
    await vi.waitFor(
      () => {
        const cancelled = events.of(PostCancelled).find((e) => e.data.postId === accepted.postId);
        expect(cancelled?.data.targetIds.sort()).toEqual([...targetIds].sort());
      },
      { timeout: 10_000, interval: 50 },
    );
    const again = await env.rpc.call(DeletePost, { tenantId, postId: accepted.postId });
    expect(again.results.map((r) => r.outcome)).toEqual(["cancelled", "cancelled"]);
    expect(events.of(PostCancelled).filter((e) => e.data.postId === accepted.postId)).toHaveLength(1);
  });
});

describe("events in", () => {
  it("connection.revoked.v1 cancels that connection's scheduled targets", async () => {
    const tenant = "ten_revoker";
    const { connection, accountId } = await connectDestination(env, tenant, "gbp");
    const accepted = await publish(env, {
      tenantId: tenant,
      body: { ...bodyFor("gbp", accountId, "to be revoked"), scheduledAt: later() },
    });
    await env.rpc.call(RevokeConnection, { tenantId: tenant, connectionId: connection.id });
    const post = await waitForTargets(env, {
      tenantId: tenant,
      postId: accepted.postId,
      statuses: ["cancelled"],
    });
    expect(post.status).toBe("cancelled");
  });

  it("TikTok's webhooks settle a target: the public id of a private post, a publish an unconfirmed target made", async () => {
    const tenant = "ten_tiktok_hooks";
    const { connection, accountId } = await connectDestination(env, tenant, "tiktok");
    const body = bodyFor("tiktok", accountId, uniqueText("self only"));
    const accepted = await publish(env, {
      tenantId: tenant,
      body: { ...body, targets: [{ accountId, options: { privacyLevel: "SELF_ONLY" } }] },
    });
    const post = await waitForTargets(env, { tenantId: tenant, postId: accepted.postId });
    const target = post.targets[0];
    expect(target).toMatchObject({ status: "published", url: null });
    const publishId = target?.platformPostId ?? "";

    const fire = (kind: "post_publicly_available" | "publish_completed", data: Record<string, unknown>) => {
      const envelope = {
        id: newId("event"),
        subject: WebhookReceived.subject,
        occurredAt: new Date().toISOString(),
        tenantId: tenant,
        data: {
          receiptId: newId("webhookReceipt"),
          platform: "tiktok",
          kind,
          platformEventId: `tiktok_${Math.random()}`,
          externalAccountId: null,
          connectionId: connection.id,
          occurredAt: new Date().toISOString(),
          data: { publishId, ...data },
        },
      };
      return jetstream(env.nc).publish(
        namespaced(env.nats.ns, WebhookReceived.subject),
        JSON.stringify(envelope),
        { msgID: envelope.id },
      );
    };
    await fire("post_publicly_available", { platformPostId: "7400000000000000001" });
    await vi.waitFor(
      async () => {
        const view = await env.rpc.call(GetPost, { tenantId: tenant, postId: accepted.postId });
        expect(view.targets[0]).toMatchObject({
          platformPostId: "7400000000000000001",
          url: expect.stringMatching(/^https:\/\/www\.tiktok\.com\/@.+\/video\/7400000000000000001$/),
        });
      },
      { timeout: 10_000, interval: 50 },
    );

    // a target left unconfirmed (its publish may or may not have gone through) is settled by TikTok's word
    await env.sql`update publish.targets set status = 'unconfirmed', platform_post_id = null, url = null,
      evidence = 'test: still processing' where id = ${target?.id ?? ""}`;
    await fire("publish_completed", {});
    await vi.waitFor(
      async () => {
        const view = await env.rpc.call(GetPost, { tenantId: tenant, postId: accepted.postId });
        expect(view.targets[0]).toMatchObject({ status: "published", platformPostId: publishId });
        expect(events.of(PostTargetPublished).filter((e) => e.data.targetId === target?.id)).toHaveLength(2);
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
