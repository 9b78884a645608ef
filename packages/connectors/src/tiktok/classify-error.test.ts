import { describe, expect, it } from "vitest";
import { classifyFailReason, classifyTikTokError } from "./classify-error";

const classify = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  classifyTikTokError({ status, body, headers: new Headers(headers), operation: "op", now: 1_000_000 });
const envelope = (code: string) => ({ data: {}, error: { code, message: `m ${code}`, log_id: "l" } });

describe("classifyTikTokError", () => {
  it("keeps TikTok's code and message", () => {
    const error = classify(403, envelope("spam_risk_too_many_posts"));
    expect(error).toMatchObject({
      kind: "quota_exceeded",
      platformCode: "spam_risk_too_many_posts",
      httpStatus: 403,
    });
    expect(error.message).toBe("op: m spam_risk_too_many_posts");
  });

  it("reads token-endpoint errors", () => {
    const error = classify(400, { error: "invalid_grant", error_description: "expired", log_id: "l" });
    expect(error).toMatchObject({
      kind: "auth_revoked",
      platformCode: "invalid_grant",
      message: "op: expired",
    });
  });

  it("falls back on the HTTP status for unknown codes and bare failures", () => {
    expect(classify(401, envelope("something_new")).kind).toBe("auth_expired");
    expect(classify(403, undefined).kind).toBe("permission_denied");
    expect(classify(404, undefined)).toMatchObject({ kind: "invalid_request", platformCode: "http_404" });
    expect(classify(502, "bad gateway").kind).toBe("transient");
  });

  it("a 429 waits for Retry-After (seconds or date), else a minute", () => {
    expect(classify(429, undefined, { "retry-after": "3" }).retryAfterMs).toBe(3_000);
    expect(classify(429, undefined, { "retry-after": new Date(1_030_000).toUTCString() }).retryAfterMs).toBe(
      30_000,
    );
    expect(classify(429, envelope("rate_limit_exceeded")).retryAfterMs).toBe(60_000);
    expect(classify(200, envelope("rate_limit_exceeded")).kind).toBe("rate_limited");
  });
});

describe("classifyFailReason", () => {
  it.each([
    ["picture_size_check_failed", "invalid_request"],
    ["frame_rate_check_failed", "invalid_request"],
    ["photo_pull_failed", "transient"],
    ["spam_risk_text", "invalid_request"],
    ["spam_risk", "invalid_request"],
    ["auth_removed", "auth_revoked"],
    ["something_new", "transient"],
  ])("%s → %s", (reason, kind) => {
    expect(classifyFailReason(reason, "op")).toMatchObject({ kind, platformCode: reason });
  });
});
