import { simPostStatistics } from "@postd/platform-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import { escapeLittleText, imageProgressKey, videoProgressKey } from "../src/linkedin/index";
import {
  accessFor,
  ada,
  callCount,
  connectorError,
  type LinkedInHarness,
  memberAccount,
  organizationAccount,
  postOf,
  publishInputOf,
  simPosts,
  startLinkedInHarness,
} from "./linkedin-harness";

let harness: LinkedInHarness;
let auth: AuthenticateResult;
const media = (name: string, bytes: number) => `https://media.platform-sim.test/${name}?bytes=${bytes}`;
const MiB = 1024 * 1024;

beforeAll(async () => {
  harness = await startLinkedInHarness();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => {
  await harness.reset();
  auth = await harness.connect(ada);
});

const asAda = () => accessFor(auth, memberAccount(ada));
const asOrganization = (id = 1001) => accessFor(auth, organizationAccount(id));

describe("LinkedIn publishing against the sim", () => {
  it("publishes a text post as the member with little-text escaping and the chosen visibility", async () => {
    const text = "Launch day! #postd (beta) @team_a *bold* ~x~ <3 {ok} [1] | a\\b";
    const saved = { progress: {} };
    const published = await harness
      .connector()
      .publish(asAda(), publishInputOf(postOf({ text, options: { visibility: "CONNECTIONS" } }), saved));
    expect(published.platformPostId).toMatch(/^urn:li:share:\d{19}$/);
    expect(published.url).toBe(`https://www.linkedin.com/feed/update/${published.platformPostId}`);
    const [record] = await simPosts(harness.sim);
    expect(record).toMatchObject({ accountId: ada.urn, postId: published.platformPostId, text });
    expect(record?.details.commentary).toBe(escapeLittleText(text));
    expect(record?.details.commentary).toContain("\\#postd \\(beta\\) \\@team\\_a \\*bold\\* \\~x\\~ \\<3");
    expect(record?.details.visibility).toBe("CONNECTIONS");
  });

  it("publishes as an organization, PUBLIC", async () => {
    const published = await harness
      .connector()
      .publish(asOrganization(), publishInputOf(postOf(), { progress: {} }));
    const [record] = await simPosts(harness.sim);
    expect(record).toMatchObject({ accountId: "urn:li:organization:1001", postId: published.platformPostId });
    expect(record?.details.visibility).toBe("PUBLIC");
  });

  it("publishes a link post as an article card", async () => {
    const post = postOf({ link: "https://postd.test/blog/launch", options: { linkTitle: "Our launch" } });
    await harness.connector().publish(asAda(), publishInputOf(post, { progress: {} }));
    const [record] = await simPosts(harness.sim);
    expect(record?.link).toBe("https://postd.test/blog/launch");
    expect(record?.details.content).toEqual({
      article: { source: "https://postd.test/blog/launch", title: "Our launch" },
    });
  });

  it("publishes one image as content.media with its alt text, saving the image URN", async () => {
    const saved = { progress: {} as Record<string, string> };
    const post = postOf({ media: [{ url: media("a.jpg", 5000), type: "image", altText: "A cat" }] });
    await harness.connector().publish(asAda(), publishInputOf(post, saved));
    const imageUrn = saved.progress[imageProgressKey(0)];
    expect(imageUrn).toMatch(/^urn:li:image:/);
    const [record] = await simPosts(harness.sim);
    expect(record?.details.content).toEqual({ media: { id: imageUrn, altText: "A cat" } });
  });

  it("publishes several images as multiImage; a retry skips images already uploaded", async () => {
    const saved = { progress: {} as Record<string, string> };
    const post = postOf({
      media: [1, 2, 3].map((n) => ({ url: media(`p${n}.png`, 2048 * n), type: "image" as const })),
    });
    // The third image's initializeUpload fails: two images are uploaded and saved.
    await harness.sim.control("POST", "/_sim/faults", {
      rules: [
        { path: "/rest/images", method: "POST", count: 2, action: { type: "latency", ms: 0 } },
        {
          path: "/rest/images",
          method: "POST",
          action: { type: "respond", status: 503, body: { status: 503, message: "Service Unavailable" } },
        },
      ],
    });
    const error = await connectorError(
      harness.connector().publish(asOrganization(), publishInputOf(post, saved)),
    );
    expect(error.kind).toBe("transient");
    expect(Object.keys(saved.progress).sort()).toEqual(["image.0", "image.1"]);
    const before = await callCount(harness.sim, "POST api.linkedin.com/rest/images");

    await harness.connector().publish(asOrganization(), publishInputOf(post, saved));
    expect(await callCount(harness.sim, "POST api.linkedin.com/rest/images")).toBe(before + 1);
    const [record] = await simPosts(harness.sim);
    expect(record?.details.content).toEqual({
      multiImage: { images: [0, 1, 2].map((i) => ({ id: saved.progress[imageProgressKey(i)] })) },
    });
  });

  it("uploads a video in 4 MiB parts with ETags in order, waits for AVAILABLE, then posts", async () => {
    await harness.sim.control("PUT", "/_sim/settings", { asyncPolls: 3 });
    const saved = { progress: {} as Record<string, string> };
    const post = postOf({ media: [{ url: media("clip.mp4", 9 * MiB + 123), type: "video" }] });
    await harness.connector().publish(asAda(), publishInputOf(post, saved));
    const video = saved.progress[videoProgressKey];
    expect(video).toMatch(/^urn:li:video:/);
    expect(await callCount(harness.sim, "PUT www.linkedin.com/dms-uploads/sp/v2/:assetId/:kind/:part")).toBe(
      3,
    );
    expect(await callCount(harness.sim, "GET api.linkedin.com/rest/videos/:urn")).toBe(4);
    const [record] = await simPosts(harness.sim);
    expect(record?.details.content).toEqual({ media: { id: video } });
  });

  it("a video still processing after maxPolls is transient; the retry resumes polling without re-uploading", async () => {
    await harness.sim.control("PUT", "/_sim/settings", { asyncPolls: 6 });
    const saved = { progress: {} as Record<string, string> };
    const post = postOf({ media: [{ url: media("clip.mp4", 3000), type: "video" }] });
    const error = await connectorError(
      harness.connector({ maxPolls: 3 }).publish(asAda(), publishInputOf(post, saved)),
    );
    expect(error).toMatchObject({ kind: "transient", platformCode: "video_processing" });
    expect(saved.progress[videoProgressKey]).toMatch(/^urn:li:video:/);

    await harness.connector({ maxPolls: 10 }).publish(asAda(), publishInputOf(post, saved));
    expect(await callCount(harness.sim, "POST api.linkedin.com/rest/videos")).toBe(2); // one initialize, one finalize
    expect(await simPosts(harness.sim)).toHaveLength(1);
  });

  it("a video LinkedIn fails to process is invalid_request with LinkedIn's reason", async () => {
    await harness.sim.control("POST", "/_sim/faults", {
      path: "re:^/rest/videos/urn",
      method: "GET",
      action: {
        type: "respond",
        status: 200,
        body: {
          id: "urn:li:video:x",
          status: "PROCESSING_FAILED",
          processingFailureReason: "INVALID_ASPECT_RATIO",
        },
      },
    });
    const post = postOf({ media: [{ url: media("clip.mp4", 3000), type: "video" }] });
    const error = await connectorError(
      harness.connector().publish(asAda(), publishInputOf(post, { progress: {} })),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "INVALID_ASPECT_RATIO" });
    expect(await simPosts(harness.sim)).toHaveLength(0);
  });

  it("media that cannot be fetched is invalid_request naming the field", async () => {
    const post = postOf({ media: [{ url: "https://media.platform-sim.test/file.xyz", type: "image" }] });
    const error = await connectorError(
      harness.connector().publish(asAda(), publishInputOf(post, { progress: {} })),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "media_unusable" });
    expect(error.message).toContain("media.0");
  });

  it("deletes a post (204) and treats deleting it again or a missing post as done", async () => {
    const linkedIn = harness.connector();
    const published = await linkedIn.publish(asAda(), publishInputOf(postOf(), { progress: {} }));
    await linkedIn.deletePost(asAda(), published.platformPostId);
    await linkedIn.deletePost(asAda(), published.platformPostId);
    await linkedIn.deletePost(asAda(), "urn:li:share:7000000000000000001");
    const [record] = await simPosts(harness.sim, true);
    expect(record?.deleted).toBe(true);
  });

  it("deleting another member's post is permission_denied", async () => {
    const published = await harness.connector().publish(asAda(), publishInputOf(postOf(), { progress: {} }));
    const bobAuth = await harness.connect({ sub: "q2Bob02Bd" });
    const bobAccess = accessFor(
      bobAuth,
      memberAccount({ sub: "q2Bob02Bd", urn: "urn:li:person:q2Bob02Bd", name: "Bob" }),
    );
    const error = await connectorError(harness.connector().deletePost(bobAccess, published.platformPostId));
    expect(error).toMatchObject({ kind: "permission_denied", platformCode: "ACCESS_DENIED/100" });
  });

  it("reads organization share statistics and member creator analytics", async () => {
    const linkedIn = harness.connector();
    const orgPost = await linkedIn.publish(asOrganization(), publishInputOf(postOf(), { progress: {} }));
    const expected = simPostStatistics(orgPost.platformPostId);
    expect(await linkedIn.getPostAnalytics(asOrganization(), orgPost.platformPostId)).toEqual({
      impressions: expected.impressionCount,
      reach: expected.uniqueImpressionsCount,
      clicks: expected.clickCount,
      likes: expected.likeCount,
      comments: expected.commentCount,
      shares: expected.shareCount,
    });

    const memberPost = await linkedIn.publish(
      asAda(),
      publishInputOf(postOf({ text: "mine" }), { progress: {} }),
    );
    const stats = simPostStatistics(memberPost.platformPostId);
    expect(await linkedIn.getPostAnalytics(asAda(), memberPost.platformPostId)).toEqual({
      impressions: stats.impressionCount,
      reach: stats.uniqueImpressionsCount,
      likes: stats.likeCount,
      comments: stats.commentCount,
      shares: stats.shareCount,
    });
  });

  it("analytics for a CONTENT_ADMIN organization is permission_denied", async () => {
    const linkedIn = harness.connector();
    const post = await linkedIn.publish(asOrganization(1004), publishInputOf(postOf(), { progress: {} }));
    const error = await connectorError(linkedIn.getPostAnalytics(asOrganization(1004), post.platformPostId));
    expect(error.kind).toBe("permission_denied");
  });

  it("offers visibility by account kind", async () => {
    const linkedIn = harness.connector();
    expect((await linkedIn.getAccountOptions(asAda())).options).toMatchObject({
      visibility: ["PUBLIC", "CONNECTIONS"],
      commentaryMaxLength: 3000,
    });
    expect((await linkedIn.getAccountOptions(asOrganization())).options.visibility).toEqual(["PUBLIC"]);
  });
});
