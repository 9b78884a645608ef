import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult, ConnectorError, PlatformAccount } from "../src/index";
import { metaProgressKeys } from "../src/meta/index";
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

const calls = async () =>
  (await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls")).counts;
const simPosts = () => sim.state.posts.list({ platform: "meta" });

describe("meta publishing on a Facebook Page", () => {
  it("posts text to the feed with the Page token", async () => {
    const { input, last } = publishInput(post({ text: "Hello from the bakery" }));
    const published = await h.connector.publish(page, input);
    expect(published.platformPostId).toMatch(new RegExp(`^${bakeryPage}_\\d+$`));
    expect(published.url).toBe(`https://www.facebook.com/${published.platformPostId}`);
    expect(simPosts()).toMatchObject([
      { accountId: bakeryPage, postId: published.platformPostId, text: "Hello from the bakery" },
    ]);
    expect(last()[metaProgressKeys.facebookPost]).toBe(published.platformPostId);
  });

  it("posts a link", async () => {
    const { input } = publishInput(post({ link: "https://bakery.example/menu" }));
    await h.connector.publish(page, input);
    expect(simPosts()[0]).toMatchObject({ link: "https://bakery.example/menu", details: { kind: "link" } });
  });

  it("posts one photo through /photos and returns the Page post id", async () => {
    const { input } = publishInput(post({ media: [media.jpeg()] }));
    const published = await h.connector.publish(page, input);
    expect(published.platformPostId).toMatch(new RegExp(`^${bakeryPage}_`));
    expect(simPosts()[0]).toMatchObject({ postId: published.platformPostId, details: { kind: "photo" } });
  });

  it("posts several photos as unpublished uploads attached to one post, and resumes without re-uploading", async () => {
    await sim.control("POST", "/_sim/faults", {
      path: "/feed",
      method: "POST",
      action: { type: "respond", status: 500, body: graphError(2, undefined, { is_transient: true }) },
    });
    const first = publishInput(post({ media: [media.jpeg("a"), media.jpeg("b")] }));
    const error = (await settle(h.connector.publish(page, first.input))) as ConnectorError;
    expect(error.kind).toBe("transient");
    const saved = first.last();
    expect(Object.keys(saved).sort()).toEqual(["fb.photo.0", "fb.photo.1"]);

    const retry = publishInput(first.input.post, saved);
    const published = await h.connector.publish(page, retry.input);
    expect((await calls())["POST graph.facebook.com/:version/:id/photos"]).toBe(2);
    expect(simPosts()).toHaveLength(1);
    expect(simPosts()[0]).toMatchObject({ postId: published.platformPostId, details: { kind: "album" } });
    expect(simPosts()[0]?.media).toHaveLength(2);
  });

  it("posts a video with file_url", async () => {
    const { input } = publishInput(post({ media: [media.video()] }));
    const published = await h.connector.publish(page, input);
    expect(published.url).toBe(`https://www.facebook.com/${bakeryPage}/videos/${published.platformPostId}`);
    expect(simPosts()[0]).toMatchObject({ postId: published.platformPostId, details: { kind: "video" } });
  });

  it("a finished post in progress is returned again without calling Graph", async () => {
    const { input } = publishInput(post(), {
      "fb.post": `${bakeryPage}_1`,
      "fb.url": "https://www.facebook.com/x",
    });
    await sim.control("DELETE", "/_sim/calls");
    expect(await h.connector.publish(page, input)).toEqual({
      platformPostId: `${bakeryPage}_1`,
      url: "https://www.facebook.com/x",
    });
    expect(await calls()).toEqual({});
  });

  it("refuses an invalid post before any call", async () => {
    await sim.control("DELETE", "/_sim/calls");
    const { input } = publishInput(post({ text: "", media: [] }));
    const error = (await settle(h.connector.publish(page, input))) as ConnectorError;
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "validation" });
    expect(await calls()).toEqual({});
  });
});

describe("meta publishing on Instagram", () => {
  it("publishes an image: container, poll, media_publish, permalink", async () => {
    const { input, saved } = publishInput(post({ text: "Croissants #fresh", media: [media.jpeg()] }));
    const published = await h.connector.publish(instagram, input);
    expect(published.url).toMatch(/^https:\/\/www\.instagram\.com\/p\/[\w-]+\/$/);
    expect(simPosts()).toMatchObject([
      { accountId: bakeryInstagram, postId: published.platformPostId, text: "Croissants #fresh" },
    ]);
    expect(saved.map((p) => Object.keys(p))).toEqual([["ig.container"], ["ig.container", "ig.media"]]);
    expect((await calls())["GET graph.facebook.com/:version/:id/content_publishing_limit"]).toBe(1);
  });

  it("publishes a carousel of images and a video, saving each child container", async () => {
    const items = [media.jpeg("a"), media.jpeg("b"), media.video("c")];
    const { input, last } = publishInput(post({ text: "Our week", media: items }));
    const published = await h.connector.publish(instagram, input);
    expect(Object.keys(last()).sort()).toEqual([
      "ig.child.0",
      "ig.child.1",
      "ig.child.2",
      "ig.container",
      "ig.media",
    ]);
    const record = simPosts()[0];
    expect(record?.postId).toBe(published.platformPostId);
    expect(record?.details).toMatchObject({ mediaType: "CAROUSEL_ALBUM" });
    expect(record?.details.children).toHaveLength(3);
  });

  it("publishes a reel and a story", async () => {
    const reel = await h.connector.publish(instagram, publishInput(post({ media: [media.video()] })).input);
    expect(reel.url).toMatch(/\/reel\//);
    const story = await h.connector.publish(
      instagram,
      publishInput(post({ text: "", media: [media.jpeg()], options: { postType: "story" } })).input,
    );
    expect(story.url).toBe(`https://www.instagram.com/stories/ada.bakery/${story.platformPostId}/`);
    expect(simPosts().map((p) => p.details.productType)).toEqual(["REELS", "STORY"]);
  });

  it("resumes with the saved container after a failed media_publish, creating no second container", async () => {
    await sim.control("POST", "/_sim/faults", {
      path: "/media_publish",
      action: { type: "respond", status: 500, body: graphError(-1, 2207001) },
    });
    const first = publishInput(post({ media: [media.jpeg()] }));
    expect(((await settle(h.connector.publish(instagram, first.input))) as ConnectorError).kind).toBe(
      "transient",
    );
    const saved = first.last();
    expect(saved["ig.container"]).toBeDefined();
    await h.connector.publish(instagram, publishInput(first.input.post, saved).input);
    expect((await calls())["POST graph.facebook.com/:version/:id/media"]).toBe(1);
    expect(simPosts()).toHaveLength(1);
  });

  it("never calls media_publish again once progress holds the media id", async () => {
    const first = publishInput(post({ media: [media.jpeg()] }));
    const published = await h.connector.publish(instagram, first.input);
    const again = await h.connector.publish(instagram, publishInput(first.input.post, first.last()).input);
    expect(again).toEqual(published);
    expect((await calls())["POST graph.facebook.com/:version/:id/media_publish"]).toBe(1);
  });

  it("recovers the media when the container is already PUBLISHED but its answer was lost", async () => {
    await sim.control("POST", "/_sim/faults", { path: "/media_publish", action: { type: "reset_after" } });
    const first = publishInput(post({ text: "Lost answer", media: [media.jpeg()] }));
    expect(((await settle(h.connector.publish(instagram, first.input))) as ConnectorError).kind).toBe(
      "unknown_outcome",
    );
    const retry = publishInput(first.input.post, first.last());
    const published = await h.connector.publish(instagram, retry.input);
    expect(simPosts()).toHaveLength(1);
    expect(published.platformPostId).toBe(simPosts()[0]?.postId);
    expect(retry.last()["ig.media"]).toBe(published.platformPostId);
    expect((await calls())["POST graph.facebook.com/:version/:id/media_publish"]).toBe(1);
  });

  it("an EXPIRED container is dropped from progress and the retry makes a new one", async () => {
    const first = publishInput(post({ media: [media.jpeg("old", "&sim_status=EXPIRED")] }));
    const error = (await settle(h.connector.publish(instagram, first.input))) as ConnectorError;
    expect(error).toMatchObject({ kind: "transient", platformCode: "EXPIRED" });
    expect(first.last()).toEqual({});
  });

  it("an ERROR container is classified from its status subcode", async () => {
    const rejected = publishInput(
      post({ media: [media.jpeg("bad", "&sim_status=ERROR&sim_error=2207026")] }),
    );
    expect(await settle(h.connector.publish(instagram, rejected.input))).toMatchObject({
      kind: "invalid_request",
      platformCode: "2207026",
    });
    expect(rejected.last()).toEqual({});
    const flaky = publishInput(post({ media: [media.jpeg("flaky", "&sim_status=ERROR&sim_error=2207001")] }));
    expect(await settle(h.connector.publish(instagram, flaky.input))).toMatchObject({ kind: "transient" });
    const huge = publishInput(
      post({ media: [{ url: "https://media.platform-sim.test/huge.jpg?bytes=9000000", type: "image" }] }),
    );
    expect(await settle(h.connector.publish(instagram, huge.input))).toMatchObject({
      platformCode: "2207004",
    });
  });

  it("running out of polls is transient with the container kept; the retry resumes polling", async () => {
    await sim.control("PUT", "/_sim/settings", { asyncPolls: 7 });
    const first = publishInput(post({ media: [media.jpeg()] }));
    const error = (await settle(h.connector.publish(instagram, first.input))) as ConnectorError;
    expect(error).toMatchObject({ kind: "transient", platformCode: "IN_PROGRESS" });
    const saved = first.last();
    expect(saved["ig.container"]).toBeDefined();
    await h.connector.publish(instagram, publishInput(first.input.post, saved).input);
    expect((await calls())["POST graph.facebook.com/:version/:id/media"]).toBe(1);
    expect(simPosts()).toHaveLength(1);
  });

  it("refuses to publish when the quota is used up, saying when the window frees", async () => {
    await sim.control("PUT", "/_sim/meta/limits", { igPublishQuotaTotal: 1 });
    await h.connector.publish(instagram, publishInput(post({ media: [media.jpeg()] })).input);
    const error = (await settle(
      h.connector.publish(instagram, publishInput(post({ text: "second", media: [media.jpeg()] })).input),
    )) as ConnectorError;
    expect(error.kind).toBe("quota_exceeded");
    expect(error.retryAfterMs).toBeGreaterThan(23 * 3_600_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(24 * 3_600_000);
    expect((await calls())["POST graph.facebook.com/:version/:id/media_publish"]).toBe(1);
  });

  it("maps media_publish's own limit answer (9/2207042) to quota_exceeded", async () => {
    await sim.control("POST", "/_sim/faults", {
      path: "/media_publish",
      action: { type: "respond", status: 400, body: graphError(9, 2207042) },
    });
    const error = await settle(
      h.connector.publish(instagram, publishInput(post({ media: [media.jpeg()] })).input),
    );
    expect(error).toMatchObject({ kind: "quota_exceeded", platformCode: "9/2207042", retryable: true });
  });
});
