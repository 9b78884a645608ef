import type { MetricSnapshot } from "@postd/contracts";
import { PostTargetPublished, PostTargetUnconfirmed } from "@postd/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type EventRecorder, recordPostEvents } from "./support/event-recorder";
import {
  bodyFor,
  connectDestination,
  type Destination,
  destinations,
  publish,
  simCount,
  uniqueText,
  waitForTargets,
} from "./support/posts";
import { accountOf, createPublishEnv, type PublishEnv } from "./support/publish-env";

let env: PublishEnv;
let events: EventRecorder;
const tenantId = "ten_unknown";

beforeAll(async () => {
  env = await createPublishEnv();
  events = await recordPostEvents({ nc: env.nc, ns: env.nats.ns });
});
afterAll(async () => {
  await events?.stop();
  await env?.close();
});
beforeEach(async () => {
  await env.sim.control("DELETE", "/_sim/faults");
});

/** The request that makes the post on each platform: the one whose answer is lost. */
const publishCall: Partial<Record<Destination, { host: string; path: string }>> = {
  facebook: { host: "graph.facebook.com", path: "re:/feed$" },
  linkedin: { host: "api.linkedin.com", path: "re:^/rest/posts$" },
  tiktok: { host: "open.tiktokapis.com", path: "/v2/post/publish/video/init/" },
  gbp: { host: "mybusiness.googleapis.com", path: "re:/localPosts$" },
  mailchimp: { host: "us19.api.mailchimp.com", path: "re:/actions/send$" },
};

describe.each(Object.keys(publishCall) as Destination[])(
  "%s: the answer is lost after the platform acted",
  (destination) => {
    it("findPost finds the post: published, one post on the platform, never sent twice", async () => {
      const { accountId } = await connectDestination(env, tenantId, destination);
      const call = publishCall[destination];
      await env.sim.control("POST", "/_sim/faults", {
        ...call,
        method: "POST",
        action: { type: "reset_after" },
      });
      const text = uniqueText(`lost answer ${destination}`);
      const accepted = await publish(env, { tenantId, body: bodyFor(destination, accountId, text) });
      const post = await waitForTargets(env, { tenantId, postId: accepted.postId });
      expect(post.targets[0]).toMatchObject({ status: "published", attempts: 1 });
      expect(post.targets[0]?.platformPostId).toEqual(expect.any(String));
      const { platform } = destinations[destination];
      expect(await simCount(env, platform, text)).toBe(1);
      const faults = await env.sim.control<{ data: unknown[] }>("GET", "/_sim/faults");
      expect(faults.data).toHaveLength(0); // the fault fired
    });
  },
);

describe("a platform that cannot tell", () => {
  it("leaves the target unconfirmed with the evidence, an event and the alert metric", async () => {
    // a LinkedIn member's posts cannot be listed without the restricted r_member_social scope
    const connection = await env.connect({ tenantId, platform: "linkedin" });
    const accountId = accountOf(connection, "linkedin_member");
    await env.sim.control("POST", "/_sim/faults", {
      host: "api.linkedin.com",
      method: "POST",
      path: "re:^/rest/posts$",
      action: { type: "reset_after" },
    });
    const text = uniqueText("member post, answer lost");
    const accepted = await publish(env, { tenantId, body: bodyFor("linkedin", accountId, text) });
    const post = await waitForTargets(env, { tenantId, postId: accepted.postId });
    const targetId = accepted.targets[0]?.id;
    expect(post.targets[0]).toMatchObject({ status: "unconfirmed", attempts: 1 });
    expect(await simCount(env, "linkedin", text)).toBe(1); // it was made: only a person can tell, we never re-send
    const [row] = await env.sql<
      { evidence: string }[]
    >`select evidence from publish.targets where id = ${targetId ?? ""}`;
    expect(row?.evidence).toMatch(/.{10,}/);
    await vi.waitFor(
      () => {
        const event = events.of(PostTargetUnconfirmed).find((e) => e.data.targetId === targetId);
        expect(event?.data.evidence).toBe(row?.evidence);
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(events.of(PostTargetPublished).some((e) => e.data.targetId === targetId)).toBe(false);
    const snapshot: MetricSnapshot[] = (await env.publish?.runtime.telemetry.snapshot()) ?? [];
    const unconfirmed = snapshot.find((metric) => metric.name === "publish.unconfirmed");
    expect(unconfirmed).toBeDefined();
  });
});
