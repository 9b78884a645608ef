import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult, ConnectorError, PlatformAccount } from "../src/index";
import {
  accessFor,
  bakeryInstagram,
  bakeryPage,
  connect,
  graphError,
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

const fault = (path: string, action: Record<string, unknown>) =>
  sim.control("POST", "/_sim/faults", { host: "graph.facebook.com", method: "POST", path, action });

describe("meta findPost on a Facebook Page", () => {
  it("finds the post a reset_after left behind, by its text since our first attempt", async () => {
    const since = new Date();
    await fault("/feed", { type: "reset_after" });
    const content = post({ text: "Did this go out?" });
    const attempt = publishInput(content);
    expect(((await settle(h.connector.publish(page, attempt.input))) as ConnectorError).kind).toBe(
      "unknown_outcome",
    );
    const found = await h.connector.findPost(page, { post: content, progress: attempt.last(), since });
    const held = sim.state.posts.list({ platform: "meta" });
    expect(held).toHaveLength(1);
    expect(found).toEqual({
      outcome: "found",
      post: { platformPostId: held[0]?.postId, url: `https://www.facebook.com/${held[0]?.postId}` },
    });
  });

  it("says not_found when nothing was made", async () => {
    const since = new Date();
    await fault("/feed", { type: "respond", status: 500, body: graphError(2) });
    const content = post({ text: "Never made" });
    await settle(h.connector.publish(page, publishInput(content).input));
    expect(await h.connector.findPost(page, { post: content, progress: {}, since })).toEqual({
      outcome: "not_found",
    });
  });

  it("ignores older posts with the same text", async () => {
    await h.connector.publish(page, publishInput(post({ text: "Same words" })).input);
    const since = new Date(Date.now() + 5 * 60_000);
    expect(
      await h.connector.findPost(page, { post: post({ text: "Same words" }), progress: {}, since }),
    ).toEqual({
      outcome: "not_found",
    });
  });

  it("cannot tell between two posts with the same text, nor find a post without text", async () => {
    const since = new Date();
    await h.connector.publish(page, publishInput(post({ text: "Twice" })).input);
    await h.connector.publish(page, publishInput(post({ text: "Twice" })).input);
    expect(
      await h.connector.findPost(page, { post: post({ text: "Twice" }), progress: {}, since }),
    ).toMatchObject({
      outcome: "cannot_tell",
    });
    const photoOnly = post({ text: "", media: [media.jpeg()] });
    expect(await h.connector.findPost(page, { post: photoOnly, progress: {}, since })).toMatchObject({
      outcome: "cannot_tell",
      reason: expect.stringContaining("without text"),
    });
  });

  it("uses the saved post id first", async () => {
    const published = await h.connector.publish(page, publishInput(post()).input);
    const found = await h.connector.findPost(page, {
      post: post({ text: "different text" }),
      progress: { "fb.post": published.platformPostId },
      since: new Date(),
    });
    expect(found).toMatchObject({ outcome: "found", post: { platformPostId: published.platformPostId } });
    await h.connector.deletePost(page, published.platformPostId);
    expect(
      await h.connector.findPost(page, {
        post: post(),
        progress: { "fb.post": published.platformPostId },
        since: new Date(),
      }),
    ).toEqual({ outcome: "not_found" });
  });
});

describe("meta findPost on Instagram", () => {
  it("finds the media after a reset on media_publish through the PUBLISHED container", async () => {
    const since = new Date();
    await fault("/media_publish", { type: "reset_after" });
    const content = post({ text: "Did the reel go out?", media: [media.jpeg()] });
    const attempt = publishInput(content);
    expect(((await settle(h.connector.publish(instagram, attempt.input))) as ConnectorError).kind).toBe(
      "unknown_outcome",
    );
    const found = await h.connector.findPost(instagram, { post: content, progress: attempt.last(), since });
    const held = sim.state.posts.list({ platform: "meta" });
    expect(found).toMatchObject({ outcome: "found", post: { platformPostId: held[0]?.postId } });
    expect(found.outcome === "found" && found.post.url).toMatch(/instagram\.com\/p\//);
  });

  it("says not_found when the saved container was never published", async () => {
    const since = new Date();
    await fault("/media_publish", { type: "respond", status: 500, body: graphError(-1, 2207001) });
    const content = post({ text: "Stuck", media: [media.jpeg()] });
    const attempt = publishInput(content);
    await settle(h.connector.publish(instagram, attempt.input));
    expect(attempt.last()["ig.container"]).toBeDefined();
    expect(await h.connector.findPost(instagram, { post: content, progress: attempt.last(), since })).toEqual(
      {
        outcome: "not_found",
      },
    );
  });

  it("without progress, matches the caption among recent media", async () => {
    const since = new Date();
    const content = post({ text: "Caption to find", media: [media.jpeg()] });
    const published = await h.connector.publish(instagram, publishInput(content).input);
    expect(await h.connector.findPost(instagram, { post: content, progress: {}, since })).toMatchObject({
      outcome: "found",
      post: { platformPostId: published.platformPostId },
    });
    expect(
      await h.connector.findPost(instagram, {
        post: post({ text: "Other caption", media: content.media }),
        progress: {},
        since,
      }),
    ).toEqual({ outcome: "not_found" });
  });

  it("a saved media id settles it at once", async () => {
    const published = await h.connector.publish(
      instagram,
      publishInput(post({ media: [media.jpeg()] })).input,
    );
    expect(
      await h.connector.findPost(instagram, {
        post: post(),
        progress: { "ig.media": published.platformPostId },
        since: new Date(),
      }),
    ).toEqual({ outcome: "found", post: published });
  });
});
