import { describe, expect, it } from "vitest";
import { redactValue } from "./redact-value";
import { scrubString } from "./scrub-string";
import { isSensitiveKey, REDACTED } from "./sensitive-keys";

describe("isSensitiveKey", () => {
  it.each([
    "authorization",
    "Authorization",
    "AUTHORIZATION",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "access_token",
    "refresh_token",
    "id_token",
    "code",
    "client_secret",
    "password",
    "dbPassword",
    "apiKey",
    "x-api-key",
    "sessionToken",
    "TOKEN",
    "webhookSecret",
    "code_verifier",
    "credentials",
  ])("%s is sensitive", (key) => expect(isSensitiveKey(key)).toBe(true));

  it.each(["tenantId", "postId", "statusCode", "errorCode", "platform", "state", "message", "url"])(
    "%s is not sensitive",
    (key) => expect(isSensitiveKey(key)).toBe(false),
  );
});

describe("redactValue", () => {
  it("censors sensitive keys at any depth, in objects and arrays", () => {
    const input = {
      tenantId: "ten_1",
      headers: { Authorization: "Bearer abc", accept: "json" },
      list: [{ refresh_token: "r1" }, [{ clientSecret: "s1", keep: 1 }]],
    };
    expect(redactValue(input)).toEqual({
      tenantId: "ten_1",
      headers: { Authorization: REDACTED, accept: "json" },
      list: [{ refresh_token: REDACTED }, [{ clientSecret: REDACTED, keep: 1 }]],
    });
  });

  it("censors a whole object under a sensitive key", () => {
    expect(redactValue({ credentials: { user: "u", pass: "p" } })).toEqual({ credentials: REDACTED });
  });

  it("keeps symbolic error codes under `code` and censors anything else there", () => {
    expect(redactValue({ code: "NOT_FOUND" })).toEqual({ code: "NOT_FOUND" });
    expect(redactValue({ code: "ECONNREFUSED" })).toEqual({ code: "ECONNREFUSED" });
    expect(redactValue({ code: 190 })).toEqual({ code: 190 });
    expect(redactValue({ code: "access_token_invalid" })).toEqual({ code: "access_token_invalid" });
    expect(redactValue({ code: "AQTx9-f3kLm0Qz" })).toEqual({ code: REDACTED });
    expect(redactValue({ code: "4/0AX4XfWh7c2b" })).toEqual({ code: REDACTED });
    expect(redactValue({ code: "e3b0c44298fc1c149afbf4c8996fb924" })).toEqual({ code: REDACTED });
  });

  it("returns the same reference when nothing matches, and never mutates the input", () => {
    const clean = { a: 1, b: { c: ["x", { d: new Date(0) }] } };
    expect(redactValue(clean)).toBe(clean);
    const dirty = { a: { token: "t" }, b: { c: 1 } };
    const redacted = redactValue(dirty);
    expect(dirty.a.token).toBe("t");
    expect(redacted.b).toBe(dirty.b);
  });

  it("serializes errors with their fields and whole cause chain", () => {
    const root = Object.assign(new Error("root failed"), { accessToken: "tok" });
    const error = Object.assign(new Error("outer", { cause: root }), { status: 502 });
    const redacted = redactValue({ err: error }) as unknown as { err: Record<string, unknown> };
    expect(redacted.err).toMatchObject({
      type: "Error",
      message: "outer",
      status: 502,
      cause: { type: "Error", message: "root failed", accessToken: REDACTED },
    });
  });

  it("survives cycles, in objects and in error causes", () => {
    const loop: Record<string, unknown> = { token: "t" };
    loop.self = loop;
    expect(redactValue(loop)).toEqual({ token: REDACTED, self: "[Circular]" });
    const error = new Error("again");
    error.cause = error;
    expect(redactValue(error)).toMatchObject({ message: "again", cause: "[Circular]" });
  });

  it("truncates absurd depth instead of recursing forever", () => {
    let deep: Record<string, unknown> = { secret: "s" };
    for (let level = 0; level < 100; level++) deep = { next: deep };
    expect(JSON.stringify(redactValue(deep))).toContain("[Truncated]");
  });

  it("scrubs values with toJSON such as URL", () => {
    const url = new URL("https://example.test/cb?code=abc123&state=xyz");
    expect(redactValue({ url })).toEqual({ url: `https://example.test/cb?code=${REDACTED}&state=xyz` });
  });
});

describe("scrubString", () => {
  it.each([
    [
      "https://graph.test/me?access_token=abc&fields=id",
      `https://graph.test/me?access_token=${REDACTED}&fields=id`,
    ],
    ["/cb?state=s1&code=Zx9", `/cb?state=s1&code=${REDACTED}`],
    [
      "grant_type=refresh_token&refresh_token=r1&client_secret=s1",
      `grant_type=refresh_token&refresh_token=${REDACTED}&client_secret=${REDACTED}`,
    ],
    ["GET /x?fb_exchange_token=ey.J", `GET /x?fb_exchange_token=${REDACTED}`],
    ["?token=a#frag", `?token=${REDACTED}#frag`],
    ["next=%2Fcb%3Fcode%3Dabc%26state%3D1", `next=%2Fcb%3Fcode%3D${REDACTED}%26state%3D1`],
    ["Authorization: Bearer eyJhbGciOi.x-y_z", `Authorization: Bearer ${REDACTED}`],
    ['{"access_token":"abc","expires_in":3600}', `{"access_token":"${REDACTED}","expires_in":3600}`],
    ['{"code": "NOT_FOUND"}', '{"code": "NOT_FOUND"}'],
    ['{"code":"AbC-123"}', `{"code":"${REDACTED}"}`],
  ])("%s", (input, expected) => expect(scrubString(input)).toBe(expected));

  it("leaves ordinary text alone and is idempotent", () => {
    expect(scrubString("publish completed for pst_1 on meta")).toBe("publish completed for pst_1 on meta");
    const once = scrubString("https://x.test/?access_token=a&code=b");
    expect(scrubString(once)).toBe(once);
  });
});
