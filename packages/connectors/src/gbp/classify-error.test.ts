import { describe, expect, it } from "vitest";
import type { HttpResponse } from "../core/index";
import { classifyGbpError } from "./classify-error";

const response = (status: number, json: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: new Headers(headers),
  text: typeof json === "string" ? json : JSON.stringify(json),
  json: typeof json === "string" ? undefined : json,
});
const classify = (status: number, json: unknown, headers?: Record<string, string>) =>
  classifyGbpError(response(status, json, headers), {
    operation: "op",
    now: Date.parse("2026-01-01T00:00:00Z"),
  });

describe("classifyGbpError", () => {
  it("reads Google's status before the HTTP status", () => {
    expect(classify(400, { error: { code: 400, message: "m", status: "ABORTED" } }).kind).toBe("transient");
    expect(classify(409, { error: { code: 409, message: "m", status: "ALREADY_EXISTS" } }).kind).toBe(
      "invalid_request",
    );
    expect(classify(418, { error: { code: 418, message: "m" } })).toMatchObject({
      kind: "invalid_request",
      platformCode: "HTTP_418",
    });
  });

  it("takes Retry-After as an HTTP date too", () => {
    const error = classify(
      429,
      { error: { code: 429, message: "m", status: "RESOURCE_EXHAUSTED" } },
      {
        "retry-after": "Thu, 01 Jan 2026 00:00:30 GMT",
      },
    );
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 30_000 });
  });

  it("OAuth bodies: invalid_grant, invalid_client, userinfo's 401 invalid_request, redirect_uri_mismatch", () => {
    expect(classify(400, { error: "invalid_grant", error_description: "Bad Request" })).toMatchObject({
      kind: "auth_revoked",
      platformCode: "invalid_grant",
    });
    expect(classify(401, { error: "invalid_client", error_description: "Unauthorized" }).kind).toBe(
      "invalid_request",
    );
    expect(classify(401, { error: "invalid_request", error_description: "Invalid Credentials" }).kind).toBe(
      "auth_expired",
    );
    expect(classify(400, { error: "redirect_uri_mismatch", error_description: "Bad Request" }).kind).toBe(
      "invalid_request",
    );
  });

  it("bodies that are neither: by HTTP status, with a short excerpt", () => {
    const error = classify(503, "<html>down</html>");
    expect(error).toMatchObject({
      kind: "transient",
      platformCode: "HTTP_503",
      message: "op: HTTP 503 <html>down</html>",
    });
    expect(classify(429, "slow down")).toMatchObject({ kind: "rate_limited", retryAfterMs: 60_000 });
  });
});
