import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import type { RunningSim } from "./support/sim";
import {
  accessOf,
  callCount,
  caught,
  connect,
  createHarness,
  endpoints,
  type Harness,
  publishInput,
  startTikTokSim,
  videoPost,
} from "./tiktok-harness";

let sim: RunningSim;
let harness: Harness;
let aliceAuth: AuthenticateResult;

beforeAll(async () => {
  sim = await startTikTokSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim, { maxPolls: 3 });
  aliceAuth = await connect(harness);
});

const envelope = (code: string, message = `${code} happened`) => ({
  data: {},
  error: { code, message, log_id: "202601010000000000ABCDEF" },
});
const initPath = "/v2/post/publish/video/init/";
const injectOnInit = (status: number, body: unknown, headers?: Record<string, string>) =>
  sim.control("POST", "/_sim/faults", {
    path: initPath,
    action: { type: "respond", status, body, ...(headers ? { headers } : {}) },
  });
const publish = () => harness.connector.publish(accessOf(aliceAuth), publishInput(videoPost()));

describe("tiktok errors injected on video init, with TikTok's bodies", () => {
  it.each([
    [429, "rate_limit_exceeded", "rate_limited"],
    [500, "internal_error", "transient"],
    [401, "access_token_invalid", "auth_expired"],
    [401, "scope_not_authorized", "permission_denied"],
    [403, "spam_risk_too_many_posts", "quota_exceeded"],
    [403, "reached_active_user_cap", "quota_exceeded"],
    [403, "spam_risk_too_many_pending_share", "quota_exceeded"],
    [403, "spam_risk_user_banned_from_posting", "permission_denied"],
    [403, "unaudited_client_can_only_post_to_private_accounts", "invalid_request"],
    [403, "url_ownership_unverified", "invalid_request"],
    [403, "privacy_level_option_mismatch", "invalid_request"],
    [400, "invalid_param", "invalid_request"],
    [400, "app_version_check_failed", "invalid_request"],
  ])("HTTP %i %s → %s", async (status, code, kind) => {
    await injectOnInit(status, envelope(code));
    const error = await caught(publish());
    expect(error).toMatchObject({ kind, platformCode: code, httpStatus: status, platform: "tiktok" });
    expect(error.message).toContain(`${code} happened`);
  });

  it("a ban is not retried; quota and rate limits are", async () => {
    await injectOnInit(403, envelope("spam_risk_user_banned_from_posting"));
    expect((await caught(publish())).retryable).toBe(false);
    await injectOnInit(403, envelope("spam_risk_too_many_posts"));
    expect((await caught(publish())).retryable).toBe(true);
  });

  it("429 with Retry-After waits that long; without, a whole one-minute window", async () => {
    await injectOnInit(429, envelope("rate_limit_exceeded"), { "retry-after": "7" });
    expect(await caught(publish())).toMatchObject({ kind: "rate_limited", retryAfterMs: 7_000 });
    await injectOnInit(429, envelope("rate_limit_exceeded"));
    expect(await caught(publish())).toMatchObject({ kind: "rate_limited", retryAfterMs: 60_000 });
  });

  it("a non-ok code on HTTP 200 is still a failure", async () => {
    await injectOnInit(200, envelope("rate_limit_exceeded"));
    expect(await caught(publish())).toMatchObject({ kind: "rate_limited", httpStatus: 200 });
    await injectOnInit(200, envelope("invalid_param"));
    expect(await caught(publish())).toMatchObject({ kind: "invalid_request", httpStatus: 200 });
  });

  it("503 without a TikTok body is transient; an unreadable 200 on init is an unknown outcome", async () => {
    await injectOnInit(503, "<html>Service Unavailable</html>");
    expect(await caught(publish())).toMatchObject({ kind: "transient", platformCode: "http_503" });
    await injectOnInit(200, "<html>gateway</html>");
    expect(await caught(publish())).toMatchObject({
      kind: "unknown_outcome",
      platformCode: "unexpected_response",
    });
  });

  it("a hang on init is an unknown outcome; on status (a read by POST), transient", async () => {
    const fast = createHarness(sim, { maxPolls: 3 }, { timeoutMs: 300 });
    await sim.control("POST", "/_sim/faults", { path: initPath, action: { type: "hang" } });
    const init = await caught(fast.connector.publish(accessOf(aliceAuth), publishInput(videoPost())));
    expect(init).toMatchObject({ kind: "unknown_outcome", platformCode: "timeout" });
    await sim.control("POST", "/_sim/faults", { path: "/status/fetch/", action: { type: "hang" } });
    const input = publishInput(videoPost());
    const status = await caught(fast.connector.publish(accessOf(aliceAuth), input));
    expect(status).toMatchObject({ kind: "transient", platformCode: "timeout" });
    expect(input.progress.publishId).toBeDefined();
  });

  it("a reset after init is an unknown outcome, and the sim holds the task", async () => {
    await sim.control("POST", "/_sim/faults", { path: initPath, action: { type: "reset_after" } });
    const input = publishInput(videoPost());
    const error = await caught(harness.connector.publish(accessOf(aliceAuth), input));
    expect(error.kind).toBe("unknown_outcome");
    expect(input.saves).toHaveLength(0);
    expect(await callCount(sim, endpoints.videoInit)).toBe(1);
  });
});

describe("tiktok limits the sim applies", () => {
  it("the seventh init in a minute meets 429 rate_limit_exceeded", async () => {
    await sim.control("PUT", "/_sim/settings", { asyncPolls: 0 });
    for (let i = 0; i < 6; i++) await publish();
    const error = await caught(publish());
    expect(error).toMatchObject({
      kind: "rate_limited",
      platformCode: "rate_limit_exceeded",
      retryAfterMs: 60_000,
    });
  });

  it("the creator's daily cap answers 403 spam_risk_too_many_posts", async () => {
    await sim.control("PUT", "/_sim/settings", { asyncPolls: 0, rateLimits: false });
    for (let i = 0; i < 15; i++) await publish();
    const error = await caught(publish());
    expect(error).toMatchObject({
      kind: "quota_exceeded",
      platformCode: "spam_risk_too_many_posts",
      httpStatus: 403,
    });
  });

  it("a token without video.publish is refused with scope_not_authorized", async () => {
    const narrow = createHarness(sim, { scopes: ["user.info.basic"] });
    const result = await connect(narrow);
    const error = await caught(narrow.connector.publish(accessOf(result), publishInput(videoPost())));
    expect(error).toMatchObject({
      kind: "permission_denied",
      platformCode: "scope_not_authorized",
      httpStatus: 401,
    });
  });

  it("the sim refuses a chunk plan that breaks TikTok's rules with invalid_param", async () => {
    const response = await harness.http.request({
      platform: "tiktok",
      operation: "test.bad_plan",
      method: "POST",
      url: "https://open.tiktokapis.com/v2/post/publish/video/init/",
      headers: { authorization: `Bearer ${aliceAuth.tokens.accessToken}` },
      body: {
        json: {
          post_info: { title: "x", privacy_level: "SELF_ONLY" },
          source_info: {
            source: "FILE_UPLOAD",
            video_size: 12 * 1024 * 1024,
            chunk_size: 4 * 1024 * 1024,
            total_chunk_count: 3,
          },
        },
      },
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({
      error: { code: "invalid_param", message: expect.stringContaining("5 MB") },
    });
  });

  it("an unknown API path answers 404 in the envelope", async () => {
    const response = await harness.http.request({
      platform: "tiktok",
      operation: "test.unknown",
      method: "POST",
      url: "https://open.tiktokapis.com/v2/post/publish/nothing/",
    });
    expect(response.status).toBe(404);
    expect(response.json).toMatchObject({ data: {}, error: { code: "not_found" } });
  });
});

describe("tiktok token endpoint errors", () => {
  it("invalid_grant injected on refresh is auth_revoked; 5xx is transient", async () => {
    await sim.control("POST", "/_sim/faults", {
      path: "/v2/oauth/token/",
      action: {
        type: "respond",
        status: 400,
        body: { error: "invalid_grant", error_description: "Refresh token is invalid.", log_id: "l" },
      },
    });
    const revoked = await caught(harness.connector.refreshToken(aliceAuth.tokens, aliceAuth.metadata));
    expect(revoked).toMatchObject({
      kind: "auth_revoked",
      platformCode: "invalid_grant",
      message: expect.stringContaining("Refresh token is invalid."),
    });
    await sim.control("POST", "/_sim/faults", {
      path: "/v2/oauth/token/",
      action: { type: "respond", status: 502, body: "bad gateway" },
    });
    expect(await caught(harness.connector.refreshToken(aliceAuth.tokens, aliceAuth.metadata))).toMatchObject({
      kind: "transient",
    });
  });
});
