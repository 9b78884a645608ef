import { describe, expect, it } from "vitest";
import type { PostContent } from "../core/index";
import { validateTikTokPost } from "./validate-post";

const post = (overrides: Partial<PostContent> = {}): PostContent => ({
  reference: "tgt_1",
  text: "caption",
  media: [{ url: "https://cdn.example.com/v.mp4", type: "video" }],
  options: { privacyLevel: "SELF_ONLY" },
  ...overrides,
});
const paths = (problems: Array<{ path: string }>) => problems.map((p) => p.path);

describe("validateTikTokPost", () => {
  it("accepts a video post and a photo post within the limits", () => {
    expect(validateTikTokPost(post())).toEqual([]);
    const photos = Array.from({ length: 35 }, (_, i) => ({
      url: `https://cdn.example.com/${i}.webp`,
      type: "image" as const,
    }));
    expect(
      validateTikTokPost(
        post({
          media: photos,
          text: "d".repeat(4000),
          options: { privacyLevel: "SELF_ONLY", title: "t".repeat(90) },
        }),
      ),
    ).toEqual([]);
  });

  it("returns every problem of a video post at once", () => {
    const problems = validateTikTokPost(
      post({
        text: "x".repeat(2201),
        media: [
          { url: "http://cdn.example.com/v.mp4", type: "video" },
          { url: "https://cdn.example.com/v.avi", type: "video" },
        ],
        link: "https://example.com",
        options: {
          privacyLevel: "PUBLIC",
          title: "not for videos",
          disableComment: "yes",
          videoDurationSec: 601,
        },
      }),
    );
    expect(paths(problems).sort()).toEqual(
      [
        "options.privacyLevel",
        "options.disableComment",
        "media",
        "media.0.url",
        "media.1.url",
        "text",
        "options.title",
        "options.videoDurationSec",
        "link",
      ].sort(),
    );
  });

  it("counts UTF-16 units: 1,100 emoji are 2,200 units, one more is too many", () => {
    expect(validateTikTokPost(post({ text: "😀".repeat(1100) }))).toEqual([]);
    expect(paths(validateTikTokPost(post({ text: `${"😀".repeat(1100)}a` })))).toEqual(["text"]);
  });

  it("refuses text-only, mixed media, more than 35 photos and PNG photos", () => {
    expect(paths(validateTikTokPost(post({ media: [] })))).toEqual(["media"]);
    const mixed = post({
      media: [
        { url: "https://cdn.example.com/v.mp4", type: "video" },
        { url: "https://cdn.example.com/p.jpg", type: "image" },
      ],
    });
    expect(paths(validateTikTokPost(mixed))).toEqual(["media"]);
    const many = Array.from({ length: 36 }, (_, i) => ({
      url: `https://cdn.example.com/${i}.jpg`,
      type: "image" as const,
    }));
    expect(paths(validateTikTokPost(post({ media: many })))).toEqual(["media"]);
    const png = post({
      media: [
        { url: "https://cdn.example.com/a.jpg", type: "image" },
        { url: "https://cdn.example.com/b.PNG", type: "image" },
      ],
    });
    expect(validateTikTokPost(png)).toEqual([
      { path: "media.1.url", message: "photos must be JPEG or WebP, not .png" },
    ]);
  });

  it("photo limits: title 90, description 4,000, cover index among the photos, no file upload", () => {
    const problems = validateTikTokPost(
      post({
        text: "d".repeat(4001),
        media: [{ url: "https://cdn.example.com/a.jpg", type: "image" }],
        options: { privacyLevel: "SELF_ONLY", title: "t".repeat(91), photoCoverIndex: 1, uploadMode: "file" },
      }),
    );
    expect(paths(problems).sort()).toEqual([
      "options.photoCoverIndex",
      "options.title",
      "options.uploadMode",
      "text",
    ]);
  });

  it("requires a privacy level, and one of the account's options when they are given", () => {
    expect(validateTikTokPost(post({ options: {} }))).toEqual([
      { path: "options.privacyLevel", message: expect.stringContaining("required") },
    ]);
    const account = {
      kind: "tiktok_account" as const,
      options: { privacyLevelOptions: ["FOLLOWER_OF_CREATOR", "SELF_ONLY"], maxVideoPostDurationSec: 60 },
    };
    const problems = validateTikTokPost(
      post({ options: { privacyLevel: "PUBLIC_TO_EVERYONE", videoDurationSec: 61 } }),
      account,
    );
    expect(problems).toEqual([
      {
        path: "options.privacyLevel",
        message: "not offered to this creator; choose one of FOLLOWER_OF_CREATOR, SELF_ONLY",
      },
      { path: "options.videoDurationSec", message: "this creator may post videos of at most 60 s" },
    ]);
  });
});
