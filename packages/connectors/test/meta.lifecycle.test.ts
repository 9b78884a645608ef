import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult, PlatformAccount } from "../src/index";
import {
  accessFor,
  bakeryInstagram,
  bakeryPage,
  connect,
  type Harness,
  harness,
  media,
  post,
  publishInput,
  settle,
  startMetaSim,
} from "./meta-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let h: Harness;
let auth: AuthenticateResult;
let accounts: PlatformAccount[];
let page: AccountAccess;
let instagram: AccountAccess;

beforeAll(async () => {
  sim = await startMetaSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  h = harness(sim);
  ({ auth, accounts } = await connect(h));
  page = accessFor(auth, accounts, bakeryPage);
  instagram = accessFor(auth, accounts, bakeryInstagram);
});

const simPosts = () => sim.state.posts.list({ platform: "meta" });

describe("meta account options, delete and analytics", () => {
  it("reports the Instagram quota and the Page's abilities", async () => {
    await h.connector.publish(instagram, publishInput(post({ media: [media.jpeg()] })).input);
    const ig = await h.connector.getAccountOptions(instagram);
    expect(ig).toMatchObject({
      kind: "instagram_account",
      options: { quotaUsed: 1, quotaTotal: 100, quotaRemaining: 99 },
    });
    const fb = await h.connector.getAccountOptions(page);
    expect(fb).toMatchObject({
      kind: "facebook_page",
      options: {
        canCreateContent: true,
        canPublishVideo: true,
        tasks: expect.arrayContaining(["CREATE_CONTENT"]),
      },
    });
  });

  it("without publish_video, the Page options say so, validation refuses video and Graph would too", async () => {
    await sim.control("PUT", "/_sim/meta/declined", {
      userId: auth.externalUserId,
      permissions: ["publish_video"],
    });
    const options = await h.connector.getAccountOptions(page);
    expect(options.options.canPublishVideo).toBe(false);
    const video = post({ media: [media.video()] });
    expect(h.connector.validatePost({ kind: "facebook_page" }, video, options)).toMatchObject([
      { path: "media" },
    ]);
    expect(await settle(h.connector.publish(page, publishInput(video).input))).toMatchObject({
      kind: "permission_denied",
    });
  });

  it("deletes a Page post with the Page token and IG media with the user token; twice is fine", async () => {
    const fb = await h.connector.publish(page, publishInput(post()).input);
    const ig = await h.connector.publish(instagram, publishInput(post({ media: [media.jpeg()] })).input);
    await h.connector.deletePost(page, fb.platformPostId);
    await h.connector.deletePost(instagram, ig.platformPostId);
    expect(simPosts()).toEqual([]);
    expect(sim.state.posts.list({ platform: "meta", includeDeleted: true }).every((p) => p.deleted)).toBe(
      true,
    );
    await expect(h.connector.deletePost(page, fb.platformPostId)).resolves.toBeUndefined();
  });

  it("refuses to delete a carousel child (-1/2207073 → invalid_request)", async () => {
    await h.connector.publish(
      instagram,
      publishInput(post({ media: [media.jpeg("a"), media.jpeg("b")] })).input,
    );
    const children = (simPosts()[0]?.details.children ?? []) as string[];
    const child = String(children[0]);
    const error = await settle(h.connector.deletePost(instagram, child));
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "-1/2207073" });
  });

  it("reads Facebook post insights with current metric names only", async () => {
    const fb = await h.connector.publish(page, publishInput(post()).input);
    const metrics = await h.connector.getPostAnalytics(page, fb.platformPostId);
    for (const key of ["views", "reach", "likes", "clicks", "comments", "shares"] as const) {
      expect(typeof metrics[key]).toBe("number");
    }
    const video = await h.connector.publish(page, publishInput(post({ media: [media.video()] })).input);
    expect((await h.connector.getPostAnalytics(page, video.platformPostId)).views).toBeGreaterThan(0);
  });

  it("reads Instagram media insights, asking stories only what stories have", async () => {
    const feed = await h.connector.publish(instagram, publishInput(post({ media: [media.jpeg()] })).input);
    expect(Object.keys(await h.connector.getPostAnalytics(instagram, feed.platformPostId)).sort()).toEqual([
      "comments",
      "likes",
      "reach",
      "saves",
      "shares",
      "views",
    ]);
    const story = await h.connector.publish(
      instagram,
      publishInput(post({ text: "", media: [media.jpeg()], options: { postType: "story" } })).input,
    );
    expect(Object.keys(await h.connector.getPostAnalytics(instagram, story.platformPostId)).sort()).toEqual([
      "reach",
      "shares",
      "views",
    ]);
  });
});
