import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult } from "../src/index";
import {
  accessOf,
  callCount,
  caught,
  connect,
  createHarness,
  endpoints,
  type Harness,
  locationAccount,
  publishInput,
  simPosts,
  startGbpSim,
  textPost,
} from "./gbp-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let harness: Harness;
let auth: AuthenticateResult;
let access: AccountAccess;

beforeAll(async () => {
  sim = await startGbpSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim, {}, { timeoutMs: 500 });
  auth = await connect(harness);
  access = accessOf(auth, await locationAccount(harness, auth));
});

const createPath = "re:/localPosts$";
const errorInfo = (reason: string, metadata: Record<string, string> = {}) => ({
  "@type": "type.googleapis.com/google.rpc.ErrorInfo",
  reason,
  domain: "googleapis.com",
  metadata,
});
const googleError = (code: number, status: string, message: string, details?: unknown[]) => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});
const inject = (options: {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  method?: string;
  path?: string;
}) =>
  sim.control("POST", "/_sim/faults", {
    host: "mybusiness.googleapis.com",
    method: options.method ?? "POST",
    path: options.path ?? createPath,
    action: {
      type: "respond",
      status: options.status,
      body: options.body,
      ...(options.headers ? { headers: options.headers } : {}),
    },
  });
const publish = () => harness.connector.publish(access, publishInput(textPost()));

describe("gbp errors injected on publish, with Google's bodies", () => {
  it.each([
    [401, "UNAUTHENTICATED", "auth_expired", "UNAUTHENTICATED/ACCESS_TOKEN_EXPIRED", "ACCESS_TOKEN_EXPIRED"],
    [401, "UNAUTHENTICATED", "auth_expired", "UNAUTHENTICATED", null],
    [403, "PERMISSION_DENIED", "permission_denied", "PERMISSION_DENIED", null],
    [403, "PERMISSION_DENIED", "permission_denied", "PERMISSION_DENIED/SERVICE_DISABLED", "SERVICE_DISABLED"],
    [400, "INVALID_ARGUMENT", "invalid_request", "INVALID_ARGUMENT", null],
    [400, "FAILED_PRECONDITION", "invalid_request", "FAILED_PRECONDITION", null],
    [404, "NOT_FOUND", "invalid_request", "NOT_FOUND", null],
    [500, "INTERNAL", "transient", "INTERNAL", null],
    [503, "UNAVAILABLE", "transient", "UNAVAILABLE", null],
    [504, "DEADLINE_EXCEEDED", "transient", "DEADLINE_EXCEEDED", null],
  ])("HTTP %i %s → %s (%s)", async (status, googleStatus, kind, platformCode, reason) => {
    const details = reason ? [errorInfo(reason)] : undefined;
    await inject({ status, body: googleError(status, googleStatus, `${googleStatus} happened`, details) });
    const error = await caught(publish());
    expect(error).toMatchObject({ kind, platformCode, httpStatus: status, platform: "gbp" });
    expect(error.message).toContain(`publish.create_local_post: ${googleStatus} happened`);
    expect(await simPosts(sim)).toEqual([]);
  });

  it("a 403 says API access may not be approved", async () => {
    await inject({
      status: 403,
      body: googleError(403, "PERMISSION_DENIED", "The caller does not have permission"),
    });
    expect((await caught(publish())).message).toContain("API access not approved");
  });

  it("400 field violations are named in the message", async () => {
    const violations = [{ field: "local_post.summary", description: "Exceeds the maximum length" }];
    await inject({
      status: 400,
      body: googleError(400, "INVALID_ARGUMENT", "Request contains an invalid argument.", [
        { "@type": "type.googleapis.com/google.rpc.BadRequest", fieldViolations: violations },
      ]),
    });
    expect((await caught(publish())).message).toContain("local_post.summary: Exceeds the maximum length");
  });
});

describe("gbp 429 RESOURCE_EXHAUSTED", () => {
  const exhausted = (details: unknown[], message = "Quota exceeded for quota metric 'Requests'") =>
    googleError(429, "RESOURCE_EXHAUSTED", message, details);

  it("with Retry-After waits that long; without, one 300-QPM window (60 s)", async () => {
    await inject({
      status: 429,
      body: exhausted([errorInfo("RATE_LIMIT_EXCEEDED")]),
      headers: { "retry-after": "7" },
    });
    expect(await caught(publish())).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 7_000,
      retryable: true,
    });
    await inject({ status: 429, body: exhausted([errorInfo("RATE_LIMIT_EXCEEDED")]) });
    expect(await caught(publish())).toMatchObject({
      kind: "rate_limited",
      platformCode: "RESOURCE_EXHAUSTED/RATE_LIMIT_EXCEEDED",
      retryAfterMs: 60_000,
    });
  });

  it("a google.rpc.RetryInfo delay is honoured", async () => {
    await inject({
      status: 429,
      body: exhausted([{ "@type": "type.googleapis.com/google.rpc.RetryInfo", retryDelay: "12.5s" }]),
    });
    expect(await caught(publish())).toMatchObject({ kind: "rate_limited", retryAfterMs: 12_500 });
  });

  it("a quota of 0 is API access not approved: permission_denied, not retried", async () => {
    await inject({
      status: 429,
      body: exhausted([errorInfo("RATE_LIMIT_EXCEEDED", { quota_limit_value: "0" })]),
    });
    const error = await caught(publish());
    expect(error).toMatchObject({ kind: "permission_denied", retryable: false });
    expect(error.message).toContain("API access not approved");
  });

  it("a daily quota used up is quota_exceeded", async () => {
    await inject({
      status: 429,
      body: exhausted([
        errorInfo("RATE_LIMIT_EXCEEDED", {
          quota_limit: "LocationCreatesPerDayPerProject",
          quota_limit_value: "300",
        }),
      ]),
    });
    expect(await caught(publish())).toMatchObject({
      kind: "quota_exceeded",
      retryable: true,
      retryAfterMs: 60_000,
    });
  });

  it("the 10-edits-per-minute-per-profile case is told apart", async () => {
    await inject({ status: 429, body: exhausted([], "Too many edits: 10 edits per minute per profile") });
    const error = await caught(publish());
    expect(error).toMatchObject({
      kind: "rate_limited",
      platformCode: "RESOURCE_EXHAUSTED",
      retryAfterMs: 60_000,
    });
    expect(error.message).toContain("wait a minute");
  });
});

describe("gbp lost answers", () => {
  it("a reset after create is an unknown outcome; the sim holds the post and findPost finds it", async () => {
    await sim.control("POST", "/_sim/faults", {
      host: "mybusiness.googleapis.com",
      path: createPath,
      method: "POST",
      action: { type: "reset_after" },
    });
    const since = new Date();
    const input = publishInput(textPost());
    const error = await caught(harness.connector.publish(access, input));
    expect(error.kind).toBe("unknown_outcome");
    expect(input.saves).toEqual([]);
    const [held, ...others] = await simPosts(sim);
    expect(others).toEqual([]);
    const found = await harness.connector.findPost(access, {
      post: textPost(),
      progress: input.progress,
      since,
    });
    expect(found).toMatchObject({ outcome: "found", post: { platformPostId: held?.postId } });
    expect(await callCount(sim, endpoints.createPost)).toBe(1);
  });

  it("a hang on create is an unknown outcome; on a read (the list), transient", async () => {
    await sim.control("POST", "/_sim/faults", {
      host: "mybusiness.googleapis.com",
      path: createPath,
      method: "POST",
      action: { type: "hang" },
    });
    expect(await caught(publish())).toMatchObject({ kind: "unknown_outcome", platformCode: "timeout" });
    await sim.control("POST", "/_sim/faults", {
      host: "mybusiness.googleapis.com",
      path: createPath,
      method: "GET",
      action: { type: "hang" },
    });
    const error = await caught(
      harness.connector.findPost(access, { post: textPost(), progress: {}, since: new Date() }),
    );
    expect(error).toMatchObject({ kind: "transient", platformCode: "timeout" });
  });

  it("an unreadable 200 on create is an unknown outcome; a gateway's HTML 502 is transient", async () => {
    await inject({ status: 200, body: "<html>ok?</html>", headers: { "content-type": "text/html" } });
    expect(await caught(publish())).toMatchObject({
      kind: "unknown_outcome",
      platformCode: "malformed_response",
    });
    await inject({ status: 502, body: "<html>Bad Gateway</html>", headers: { "content-type": "text/html" } });
    expect(await caught(publish())).toMatchObject({ kind: "transient", platformCode: "HTTP_502" });
  });
});

describe("gbp token endpoint errors", () => {
  const injectToken = (status: number, body: unknown) =>
    sim.control("POST", "/_sim/faults", {
      host: "oauth2.googleapis.com",
      path: "/token",
      action: { type: "respond", status, body },
    });

  it("invalid_grant → auth_revoked; invalid_client → invalid_request; 5xx → transient", async () => {
    await injectToken(400, {
      error: "invalid_grant",
      error_description: "Token has been expired or revoked.",
    });
    expect(await caught(harness.connector.refreshToken(auth.tokens, auth.metadata))).toMatchObject({
      kind: "auth_revoked",
    });
    await injectToken(401, { error: "invalid_client", error_description: "Unauthorized" });
    expect(await caught(harness.connector.refreshToken(auth.tokens, auth.metadata))).toMatchObject({
      kind: "invalid_request",
      platformCode: "invalid_client",
    });
    await injectToken(503, "Service Unavailable");
    expect(await caught(harness.connector.refreshToken(auth.tokens, auth.metadata))).toMatchObject({
      kind: "transient",
    });
  });
});
