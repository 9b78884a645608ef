import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import type { RunningSim } from "./support/sim";
import {
  accessOf,
  alice,
  callCount,
  caught,
  connect,
  createHarness,
  endpoints,
  type Harness,
  publishInput,
  simPublishes,
  startTikTokSim,
  videoPost,
} from "./tiktok-harness";

let sim: RunningSim;
let harness: Harness;
let aliceAuth: AuthenticateResult;

beforeAll(async () => {
  sim = await startTikTokSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
  aliceAuth = await connect(harness);
});

const simPosts = async () =>
  (await sim.control<{ data: Array<{ postId: string }> }>("GET", "/_sim/posts?platform=tiktok")).data;
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

describe("tiktok findPost without a publish id (searching the video list)", () => {
  it("finds the post a reset-after-init made, by its caption", async () => {
    const since = minutesAgo(1);
    await sim.control("POST", "/_sim/faults", { path: "/video/init/", action: { type: "reset_after" } });
    const post = videoPost({}, { text: "Caption only we wrote  #postd" });
    const input = publishInput(post);
    expect((await caught(harness.connector.publish(accessOf(aliceAuth), input))).kind).toBe(
      "unknown_outcome",
    );
    const found = await harness.connector.findPost(accessOf(aliceAuth, alice.username), {
      post,
      progress: input.progress,
      since,
    });
    const [simPost] = await simPosts();
    expect(found).toEqual({
      outcome: "found",
      post: {
        platformPostId: simPost?.postId,
        url: `https://www.tiktok.com/@${alice.username}/video/${simPost?.postId}`,
      },
    });
  });

  it("not_found when nothing was made; it pages back to `since` and stops", async () => {
    const post = videoPost({}, { text: "Never posted" });
    const result = await harness.connector.findPost(accessOf(aliceAuth), {
      post,
      progress: {},
      since: minutesAgo(60 * 24 * 40),
    });
    expect(result).toEqual({ outcome: "not_found" });
    // alice has 25 older videos: two pages of 20
    expect(await callCount(sim, endpoints.videoList)).toBe(2);
  });

  it("matches a video on the second page, and ignores videos older than `since`", async () => {
    const post = videoPost({}, { text: "Archive clip 2 by @alice.creates" });
    const longAgo = await harness.connector.findPost(accessOf(aliceAuth), {
      post,
      progress: {},
      since: minutesAgo(60 * 24 * 40),
    });
    expect(longAgo).toMatchObject({
      outcome: "found",
      post: { platformPostId: expect.stringMatching(/^\d{19}$/) },
    });
    const recently = await harness.connector.findPost(accessOf(aliceAuth), {
      post,
      progress: {},
      since: minutesAgo(60),
    });
    expect(recently).toEqual({ outcome: "not_found" });
  });

  it("cannot tell without video.list, whether the grant says so or TikTok does", async () => {
    const narrow = createHarness(sim, { scopes: ["user.info.basic", "video.publish"] });
    const result = await connect(narrow);
    const input = { post: videoPost(), progress: {}, since: minutesAgo(1) };
    const byGrant = await narrow.connector.findPost(accessOf(result), input);
    expect(byGrant).toMatchObject({ outcome: "cannot_tell", reason: expect.stringContaining("video.list") });
    const unknownGrant = { ...accessOf(result), connection: {} };
    const byTikTok = await narrow.connector.findPost(unknownGrant, input);
    expect(byTikTok).toMatchObject({ outcome: "cannot_tell", reason: expect.stringContaining("scope") });
  });

  it("cannot tell a post with no caption to recognise", async () => {
    const result = await harness.connector.findPost(accessOf(aliceAuth), {
      post: videoPost({}, { text: "  " }),
      progress: {},
      since: minutesAgo(1),
    });
    expect(result.outcome).toBe("cannot_tell");
  });
});

describe("tiktok findPost with a publish id", () => {
  it("a completed publish is found through its status", async () => {
    await sim.control("POST", "/_sim/faults", { path: "/status/fetch/", action: { type: "reset_after" } });
    const post = videoPost();
    const input = publishInput(post);
    await caught(harness.connector.publish(accessOf(aliceAuth), input));
    const found = await harness.connector.findPost(accessOf(aliceAuth), {
      post,
      progress: input.progress,
      since: minutesAgo(1),
    });
    const [simPost] = await simPosts();
    expect(found).toMatchObject({ outcome: "found", post: { platformPostId: simPost?.postId } });
    expect(await callCount(sim, endpoints.videoList)).toBe(0);
  });

  it("a failed publish is not found", async () => {
    const post = videoPost(
      {},
      { media: [{ url: "https://media.platform-sim.test/c.mp4?sim_fail=internal", type: "video" }] },
    );
    const input = publishInput(post);
    await caught(harness.connector.publish(accessOf(aliceAuth), input));
    const progress = { publishId: (await simPublishes(sim))[0]?.publishId ?? "" };
    expect(
      await harness.connector.findPost(accessOf(aliceAuth), { post, progress, since: minutesAgo(1) }),
    ).toEqual({
      outcome: "not_found",
    });
  });

  it("an unknown publish id is not found", async () => {
    const result = await harness.connector.findPost(accessOf(aliceAuth), {
      post: videoPost(),
      progress: { publishId: "v_pub_url~v2-1.nothing" },
      since: minutesAgo(1),
    });
    expect(result).toEqual({ outcome: "not_found" });
  });

  it("a publish still processing after every poll cannot be told yet", async () => {
    await sim.control("PUT", "/_sim/settings", { asyncPolls: 50 });
    const post = videoPost();
    const input = publishInput(post);
    await caught(createHarness(sim, { maxPolls: 1 }).connector.publish(accessOf(aliceAuth), input));
    const result = await harness.connector.findPost(accessOf(aliceAuth), {
      post,
      progress: input.progress,
      since: minutesAgo(1),
    });
    expect(result).toMatchObject({
      outcome: "cannot_tell",
      reason: expect.stringContaining("PROCESSING_DOWNLOAD"),
    });
  });
});
