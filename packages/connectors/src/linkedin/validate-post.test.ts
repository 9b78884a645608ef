import { describe, expect, it } from "vitest";
import type { PostContent } from "../core/index";
import { validateLinkedInPost } from "./validate-post";

const post = (overrides: Partial<PostContent>): PostContent => ({
  reference: "tgt_1",
  text: "hello",
  media: [],
  options: {},
  ...overrides,
});
const image = (url = "https://cdn.test/a.jpg") => ({ url, type: "image" as const });
const video = (url = "https://cdn.test/a.mp4") => ({ url, type: "video" as const });

describe("validateLinkedInPost", () => {
  it("accepts a plain member post and an organization post that is PUBLIC", () => {
    expect(validateLinkedInPost({ kind: "linkedin_member" }, post({}))).toEqual([]);
    expect(
      validateLinkedInPost({ kind: "linkedin_organization" }, post({ options: { visibility: "PUBLIC" } })),
    ).toEqual([]);
    expect(validateLinkedInPost({ kind: "linkedin_member" }, post({ media: [image(), image()] }))).toEqual(
      [],
    );
  });

  it("counts the user's text (code points), not the escaped commentary", () => {
    const reserved = "#".repeat(3000); // 6000 characters once escaped
    expect(validateLinkedInPost({ kind: "linkedin_member" }, post({ text: reserved }))).toEqual([]);
    expect(validateLinkedInPost({ kind: "linkedin_member" }, post({ text: "😀".repeat(3000) }))).toEqual([]);
  });

  it("returns every problem at once", () => {
    const problems = validateLinkedInPost(
      { kind: "linkedin_organization" },
      post({
        text: "x".repeat(3001),
        media: [
          ...Array.from({ length: 20 }, () => image()),
          image("http://cdn.test/b.jpg"),
          video(),
          video(),
        ],
        link: "ftp://nope",
        options: { visibility: "CONNECTIONS" },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      "text",
      "media",
      "media",
      "media",
      "media.20.url",
      "link",
      "link",
      "options.visibility",
    ]);
    expect(problems.map((p) => p.message).join(" | ")).toMatch(
      /3000 characters.*mix images and a video.*at most one video.*at most 20 images.*https.*http\(s\).*not both.*PUBLIC/,
    );
  });

  it("needs something to post, and a known visibility", () => {
    expect(
      validateLinkedInPost({ kind: "linkedin_member" }, post({ text: "  " })).map((p) => p.path),
    ).toEqual(["text"]);
    expect(
      validateLinkedInPost({ kind: "linkedin_member" }, post({ options: { visibility: "FRIENDS" } })).map(
        (p) => p.path,
      ),
    ).toEqual(["options.visibility"]);
  });

  it("uses the visibility choices of the account options when given", () => {
    const options = { kind: "linkedin_member" as const, options: { visibility: ["PUBLIC"] } };
    const problems = validateLinkedInPost(
      { kind: "linkedin_member" },
      post({ options: { visibility: "CONNECTIONS" } }),
      options,
    );
    expect(problems.map((p) => p.path)).toEqual(["options.visibility"]);
  });
});
