import { describe, expect, it } from "vitest";
import type { PostContent } from "../core/index";
import { scheduleTimeProblem } from "./schedule";
import { validateMailchimpPost } from "./validate-post";

const audience = { kind: "mailchimp_audience" as const };
const post = (email: PostContent["email"], extra: Partial<PostContent> = {}): PostContent => ({
  reference: "tgt_1",
  text: "",
  media: [],
  options: {},
  ...(email ? { email } : {}),
  ...extra,
});
const good = {
  subject: "Hello",
  previewText: "Hi",
  fromName: "Ada",
  replyTo: "ada@bakery.test",
  html: "<p>x</p>",
};

describe("validateMailchimpPost", () => {
  it("accepts a complete email block, ignoring text, media and link meant for other targets", () => {
    const withOthers = post(good, {
      text: "a caption",
      media: [{ url: "https://cdn.test/a.jpg", type: "image" }],
      link: "https://x.test",
    });
    expect(validateMailchimpPost(audience, withOthers)).toEqual([]);
  });

  it("requires the email block, and a Mailchimp audience", () => {
    expect(validateMailchimpPost({ kind: "facebook_page" }, post(undefined))).toEqual([
      { path: "account", message: "Mailchimp cannot send to a facebook_page" },
      { path: "email", message: expect.stringContaining("required") },
    ]);
  });

  it("returns every problem of the email block at once", () => {
    const problems = validateMailchimpPost(
      audience,
      post({
        subject: "x".repeat(151),
        previewText: "p".repeat(151),
        fromName: " ",
        replyTo: "nope",
        html: "",
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      "email.subject",
      "email.previewText",
      "email.fromName",
      "email.replyTo",
      "email.html",
    ]);
    const blank = validateMailchimpPost(audience, post({ ...good, subject: "  ", replyTo: "" }));
    expect(blank).toEqual([
      { path: "email.subject", message: "required" },
      { path: "email.replyTo", message: expect.stringContaining("required") },
    ]);
  });

  it("counts the subject in code points: 150 emoji pass", () => {
    expect(validateMailchimpPost(audience, post({ ...good, subject: "🥐".repeat(150) }))).toEqual([]);
  });
});

describe("scheduleTimeProblem", () => {
  const now = Date.parse("2026-03-01T10:00:00Z");
  it.each([
    ["2026-03-01T10:15:00Z", null],
    ["2026-03-01T11:00:00Z", null],
    ["2026-03-01T10:20:00Z", "quarter-hour"],
    ["2026-03-01T10:15:30Z", "quarter-hour"],
    ["2026-03-01T10:00:00Z", "not in the future"],
    ["2026-03-01T09:45:00Z", "not in the future"],
  ])("%s → %s", (at, expected) => {
    const problem = scheduleTimeProblem(new Date(at), now);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toContain(expected);
  });
});
