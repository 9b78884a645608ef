import { describe, expect, it } from "vitest";
import { createHttpClient, type PostContent, systemClock } from "../src/index";
import { createMetaConnector } from "../src/meta/index";
import { media, metaConfig, post } from "./meta-harness";

const connector = createMetaConnector(metaConfig(), { http: createHttpClient(), clock: systemClock() });
const facebook = (content: PostContent, canPublishVideo?: boolean) =>
  connector.validatePost(
    { kind: "facebook_page" },
    content,
    canPublishVideo === undefined ? undefined : { kind: "facebook_page", options: { canPublishVideo } },
  );
const instagram = (content: PostContent) => connector.validatePost({ kind: "instagram_account" }, content);
const paths = (problems: Array<{ path: string }>) => problems.map((p) => p.path);

describe("meta validatePost", () => {
  it("accepts the posts each surface takes", () => {
    expect(facebook(post())).toEqual([]);
    expect(facebook(post({ text: "", link: "https://example.com/a" }))).toEqual([]);
    expect(facebook(post({ media: [media.jpeg("a"), media.jpeg("b")] }))).toEqual([]);
    expect(facebook(post({ media: [media.video()] }), true)).toEqual([]);
    expect(instagram(post({ media: [media.jpeg()] }))).toEqual([]);
    expect(
      instagram(post({ media: [media.video()], options: { postType: "reel", shareToFeed: false } })),
    ).toEqual([]);
    expect(instagram(post({ text: "", media: [media.video()], options: { postType: "story" } }))).toEqual([]);
    expect(instagram(post({ media: Array.from({ length: 10 }, (_, i) => media.jpeg(`p${i}`)) }))).toEqual([]);
    expect(facebook(post({ text: "😀".repeat(63_206) }))).toEqual([]);
  });

  it("reports every Facebook problem at once", () => {
    const problems = facebook(
      post({
        text: "x".repeat(63_207),
        link: "ftp://example.com",
        media: [media.jpeg(), media.video(), { url: "http://insecure.example/a.jpg", type: "image" }],
      }),
      false,
    );
    expect(paths(problems)).toEqual(["media.2.url", "text", "link", "link", "media", "media"]);
    expect(problems.map((p) => p.message).join(" | ")).toMatch(
      /63206 characters.*http or https.*cannot carry media.*one video.*publish_video/,
    );
  });

  it("refuses an empty Facebook post", () => {
    expect(facebook(post({ text: "  " }))).toEqual([
      { path: "text", message: "A Facebook post needs text, a link or media" },
    ]);
  });

  it("reports every Instagram problem at once", () => {
    const caption = `${"a".repeat(2_150)} ${Array.from({ length: 31 }, (_, i) => `#t${i}`).join(" ")} ${Array.from({ length: 21 }, (_, i) => `@u${i}`).join(" ")}`;
    const problems = instagram(
      post({
        text: caption,
        link: "https://example.com",
        media: [
          ...Array.from({ length: 10 }, (_, i) => media.jpeg(`p${i}`)),
          { url: "https://media.platform-sim.test/logo.png", type: "image" },
          { url: "http://media.platform-sim.test/x.jpg", type: "image" },
        ],
        options: { shareToFeed: "yes" },
      }),
    );
    expect(paths(problems)).toEqual([
      "media.11.url",
      "options.shareToFeed",
      "link",
      "text",
      "text",
      "text",
      "media",
      "media.10.url",
    ]);
    expect(problems.map((p) => p.message).join(" | ")).toMatch(
      /2200 characters.*30 hashtags.*20 @-mentions.*2 to 10.*JPEG/,
    );
  });

  it("needs media, one video for a reel, one item for a story, and a known format", () => {
    expect(instagram(post())).toEqual([
      { path: "media", message: "Instagram posts need at least one image or video" },
    ]);
    expect(paths(instagram(post({ media: [media.jpeg()], options: { postType: "reel" } })))).toEqual([
      "media",
    ]);
    expect(
      paths(instagram(post({ media: [media.jpeg("a"), media.jpeg("b")], options: { postType: "story" } }))),
    ).toEqual(["media"]);
    expect(paths(instagram(post({ media: [media.jpeg()], options: { postType: "carousel" } })))).toEqual([
      "media",
    ]);
    expect(
      instagram(post({ media: [media.jpeg("a"), media.jpeg("b")], options: { postType: "carousel" } })),
    ).toEqual([]);
    expect(paths(instagram(post({ media: [media.jpeg()], options: { postType: "igtv" } })))).toEqual([
      "options.postType",
    ]);
    expect(paths(instagram(post({ media: [{ url: "https://cdn.example/p.HEIC", type: "image" }] })))).toEqual(
      ["media.0.url"],
    );
  });

  it("refuses account kinds Meta does not have", () => {
    expect(paths(connector.validatePost({ kind: "linkedin_member" }, post()))).toEqual(["account"]);
  });
});
