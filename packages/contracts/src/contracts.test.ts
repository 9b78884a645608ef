import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  defineEvent,
  defineRpc,
  ErrorCode,
  errorStatus,
  isId,
  newId,
  PostTargetPublished,
  streamFor,
} from "./index";

describe("ids", () => {
  it("carry their prefix, sort by time and are unique", () => {
    const a = newId("post", 1_700_000_000_000);
    const b = newId("post", 1_700_000_000_001);
    expect(a).toMatch(/^pst_[0-9a-z]{26}$/);
    expect(isId("post", a)).toBe(true);
    expect(isId("target", a)).toBe(false);
    expect(a < b).toBe(true);
    const many = new Set(Array.from({ length: 10_000 }, () => newId("target")));
    expect(many.size).toBe(10_000);
  });
});

describe("errors", () => {
  it("map every code to a 4xx or 5xx status", () => {
    for (const code of ErrorCode.options) {
      expect(errorStatus[code]).toBeGreaterThanOrEqual(400);
      expect(errorStatus[code]).toBeLessThan(600);
    }
  });
});

describe("contracts", () => {
  it("refuse malformed subjects and names", () => {
    expect(() => defineEvent("Post.Accepted", z.object({}))).toThrow(/domain/);
    expect(() =>
      defineRpc({ service: "Token", verb: "get", request: z.object({}), response: z.object({}) }),
    ).toThrow();
  });

  it("validate event envelopes", () => {
    const ok = PostTargetPublished.envelope.safeParse({
      id: "evt_1",
      subject: PostTargetPublished.subject,
      occurredAt: new Date().toISOString(),
      tenantId: "ten_1",
      data: {
        postId: "pst_1",
        targetId: "tgt_1",
        accountId: "acc_1",
        platform: "meta",
        platformPostId: "1_2",
        url: null,
        publishedAt: new Date().toISOString(),
        attempts: 1,
      },
    });
    expect(ok.success).toBe(true);
    expect(PostTargetPublished.domain).toBe("post");
  });

  it("namespace streams for isolation", () => {
    expect(streamFor({ prefix: "t1" }, "post")).toMatchObject({ name: "t1_POST", subjects: ["t1.post.>"] });
    expect(streamFor({ prefix: "" }, "connection")).toMatchObject({
      name: "CONNECTION",
      subjects: ["connection.>"],
    });
  });
});
