import { describe, expect, it } from "vitest";
import type { PostContent } from "../core/index";
import { validateGbpPost } from "./validate-post";

const post = (overrides: Partial<PostContent> = {}): PostContent => ({
  reference: "tgt_1",
  text: "Hello",
  media: [],
  options: {},
  ...overrides,
});
const paths = (p: PostContent) => validateGbpPost(p).map((problem) => problem.path);

describe("validateGbpPost", () => {
  it("accepts a plain text post, a photo-only post, and a full EVENT", () => {
    expect(validateGbpPost(post())).toEqual([]);
    expect(
      validateGbpPost(post({ text: "", media: [{ url: "https://m.test/a.jpg", type: "image" }] })),
    ).toEqual([]);
    const event = {
      title: "Open day",
      startsAt: "2026-12-01T10:00:00Z",
      endsAt: "2026-12-01T16:00:00+02:00",
    };
    expect(
      validateGbpPost(post({ options: { topicType: "EVENT", event, callToAction: { actionType: "CALL" } } })),
    ).toEqual([]);
  });

  it("returns every problem at once", () => {
    const problems = validateGbpPost(
      post({
        text: "x".repeat(1501),
        media: [
          { url: "http://m.test/a.jpg", type: "image" },
          { url: "https://m.test/b.mp4", type: "video" },
        ],
        link: "ftp://bakery.test",
        email: { subject: "s", fromName: "f", replyTo: "r@test", html: "<p/>" },
        options: {
          topicType: "OFFER",
          callToAction: { actionType: "BOOK" },
          offer: { redeemOnlineUrl: "nope" },
        },
      }),
    );
    expect(problems.map((p) => p.path)).toEqual([
      "text",
      "media",
      "media.0.url",
      "options.event",
      "options.offer.redeemOnlineUrl",
      "options.callToAction",
      "options.callToAction.url",
      "link",
      "link",
      "link",
      "email",
    ]);
    expect(problems[0]?.message).toBe("Google allows 1500 characters; this text has 1501");
  });

  it("checks the topic type, ALERT included, and still checks the other fields", () => {
    expect(validateGbpPost(post({ options: { topicType: "ALERT" } }))).toEqual([
      { path: "options.topicType", message: expect.stringContaining("ALERT posts") },
    ]);
    expect(
      paths(
        post({
          options: { topicType: "NEWS", callToAction: { actionType: "GET_OFFER", url: "https://x.test" } },
        }),
      ),
    ).toEqual(["options.topicType", "options.callToAction.actionType"]);
  });

  it("needs text or media for STANDARD, and no event or offer there", () => {
    expect(paths(post({ text: "  " }))).toEqual(["text"]);
    const event = { title: "E", startsAt: "2026-12-01", endsAt: "2026-12-01" };
    expect(paths(post({ options: { event, offer: {} } }))).toEqual(["options.event", "options.offer"]);
  });

  it("checks event bounds: format, order, and both of one kind", () => {
    const at = (startsAt: string, endsAt: string) =>
      validateGbpPost(post({ options: { topicType: "EVENT", event: { title: "E", startsAt, endsAt } } }));
    expect(at("2026-12-01", "2026-12-01")).toEqual([]);
    expect(at("2026-12-02T10:00:00Z", "2026-12-02T10:00:00Z")).toEqual([
      { path: "options.event.endsAt", message: "the event must end after it starts" },
    ]);
    expect(at("2026-12-01", "2026-12-02T10:00:00Z").map((p) => p.path)).toEqual(["options.event.endsAt"]);
    expect(at("tomorrow", "2026-13-45").map((p) => p.path)).toEqual([
      "options.event.startsAt",
      "options.event.endsAt",
    ]);
    expect(at("2026-12-01T10:00:00", "2026-12-01T11:00:00Z").map((p) => p.path)).toEqual([
      "options.event.startsAt",
    ]);
    const untitled = validateGbpPost(
      post({
        options: { topicType: "EVENT", event: { title: " ", startsAt: "2026-12-01", endsAt: "2026-12-01" } },
      }),
    );
    expect(untitled).toEqual([{ path: "options.event.title", message: "an event needs a title" }]);
  });

  it("a CALL button takes no url; the others need an https one; a link and a button exclude each other", () => {
    expect(paths(post({ options: { callToAction: { actionType: "CALL", url: "https://x.test" } } }))).toEqual(
      ["options.callToAction.url"],
    );
    expect(paths(post({ options: { callToAction: { actionType: "SHOP", url: "http://x.test" } } }))).toEqual([
      "options.callToAction.url",
    ]);
    expect(
      paths(
        post({
          link: "https://x.test",
          options: { callToAction: { actionType: "SHOP", url: "https://x.test" } },
        }),
      ),
    ).toEqual(["link"]);
    expect(validateGbpPost(post({ link: "https://x.test" }))).toEqual([]);
  });
});
