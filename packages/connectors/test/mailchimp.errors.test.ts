import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult } from "../src/index";
import {
  accessOf,
  ada,
  bob,
  callCount,
  caught,
  emailPost,
  endpoints,
  inject,
  type MailchimpHarness,
  mailchimpProblem,
  publishInput,
  simPosts,
  startMailchimpHarness,
} from "./mailchimp-harness";

let harness: MailchimpHarness;
let auth: AuthenticateResult;

beforeAll(async () => {
  harness = await startMailchimpHarness();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => {
  await harness.reset();
  auth = await harness.connect(ada);
});

const createPath = "re:^/3\\.0/campaigns$";
const onCreate = (status: number, body: unknown, headers?: Record<string, string>) =>
  inject(harness.sim, {
    method: "POST",
    path: createPath,
    action: { type: "respond", status, body, ...(headers ? { headers } : {}) },
  });
const publish = () => harness.connector().publish(accessOf(auth), publishInput(emailPost()));
const listAudiences = (connector = harness.connector({ pageSize: 100 })) =>
  connector.fetchAccounts({ accessToken: auth.tokens.accessToken, connection: auth.metadata });

describe("Mailchimp errors injected on campaign create, with Mailchimp's problem+json bodies", () => {
  it.each([
    [401, "API Key Invalid", "auth_revoked"],
    [403, "Forbidden", "permission_denied"],
    [404, "Resource Not Found", "invalid_request"],
    [405, "Method Not Allowed", "invalid_request"],
    [414, "Resource Nesting Too Deep", "invalid_request"],
    [422, "Invalid Method Override", "invalid_request"],
    [426, "Upgrade Required", "invalid_request"],
    [429, "Too Many Requests", "rate_limited"],
    [500, "Internal Server Error", "transient"],
  ])("HTTP %i %s → %s, keeping Mailchimp's title and detail", async (status, title, kind) => {
    await onCreate(status, mailchimpProblem(status, title, `${title} happened here`));
    const error = await caught(publish());
    expect(error).toMatchObject({ kind, platform: "mailchimp", platformCode: title, httpStatus: status });
    expect(error.message).toBe(`publish.create_campaign: ${title}: ${title} happened here`);
  });

  it("400 Invalid Resource keeps every field message of errors[]", async () => {
    await onCreate(
      400,
      mailchimpProblem(400, "Invalid Resource", "The resource submitted could not be validated.", {
        errors: [
          { field: "settings.reply_to", message: "This value should be a valid email." },
          { field: "recipients.list_id", message: "The requested audience does not exist." },
        ],
      }),
    );
    const error = await caught(publish());
    expect(error).toMatchObject({
      kind: "invalid_request",
      platformCode: "Invalid Resource",
      retryable: false,
    });
    expect(error.message).toContain("settings.reply_to: This value should be a valid email.");
    expect(error.message).toContain("recipients.list_id: The requested audience does not exist.");
  });

  it("the sim's own validation answers the same shape", async () => {
    const input = publishInput(emailPost());
    const error = await caught(harness.connector().publish(accessOf(auth, "ffffffffff"), input));
    expect(error).toMatchObject({
      kind: "invalid_request",
      platformCode: "Invalid Resource",
      httpStatus: 400,
    });
    expect(error.message).toContain("recipients.list_id: The requested audience does not exist.");
  });

  it("429 has no Retry-After at Mailchimp: a 10 s backoff hint; one that comes with it is honoured", async () => {
    await onCreate(
      429,
      mailchimpProblem(
        429,
        "Too Many Requests",
        "You have exceeded the limit of 10 simultaneous connections.",
      ),
    );
    expect(await caught(publish())).toMatchObject({
      kind: "rate_limited",
      retryAfterMs: 10_000,
      retryable: true,
    });
    await onCreate(429, mailchimpProblem(429, "Too Many Requests", "slow down"), { "retry-after": "7" });
    expect(await caught(publish())).toMatchObject({ kind: "rate_limited", retryAfterMs: 7_000 });
  });

  it("a bare 403 without JSON is throttling (rate_limited); a 403 problem is permission_denied", async () => {
    await onCreate(403, "");
    expect(await caught(publish())).toMatchObject({
      kind: "rate_limited",
      platformCode: "http_403",
      retryAfterMs: 10_000,
    });
    await onCreate(403, "<html><body>Forbidden</body></html>", { "content-type": "text/html" });
    expect(await caught(publish())).toMatchObject({ kind: "rate_limited", platformCode: "http_403" });
    await onCreate(403, mailchimpProblem(403, "Forbidden", "This account has been suspended."));
    expect(await caught(publish())).toMatchObject({ kind: "permission_denied", retryable: false });
  });

  it("503 Request Blocked with an HTML body is transient", async () => {
    await onCreate(503, "<html><h1>Request Blocked</h1></html>", { "content-type": "text/html" });
    const error = await caught(publish());
    expect(error).toMatchObject({ kind: "transient", platformCode: "http_503", httpStatus: 503 });
    expect(error.message).toContain("Request Blocked");
  });

  it("no daily quota exists for campaigns: a plan or account limit is a 403 problem, not retried", async () => {
    await onCreate(
      403,
      mailchimpProblem(403, "Forbidden", "You have reached the sending limit of your plan."),
    );
    const error = await caught(publish());
    expect(error).toMatchObject({ kind: "permission_denied", retryable: false });
    expect(error.message).toContain("sending limit of your plan");
  });

  it("an unreadable 200 on create is an unknown outcome; on a read, transient", async () => {
    await onCreate(200, "<html>gateway</html>", { "content-type": "text/html" });
    expect(await caught(publish())).toMatchObject({
      kind: "unknown_outcome",
      platformCode: "malformed_response",
    });
    await inject(harness.sim, {
      path: "/3.0/lists",
      action: { type: "respond", status: 200, body: { nope: 1 } },
    });
    expect(await caught(listAudiences())).toMatchObject({
      kind: "transient",
      platformCode: "malformed_response",
    });
  });
});

describe("Mailchimp tokens and the network", () => {
  it("a revoked grant and an expired token both answer 401 API Key Invalid → auth_revoked", async () => {
    await harness.sim.control("POST", "/_sim/tokens/expire", { token: auth.tokens.accessToken });
    expect(await caught(publish())).toMatchObject({
      kind: "auth_revoked",
      platformCode: "API Key Invalid",
      httpStatus: 401,
    });
    const fresh = await harness.connect(ada);
    await harness.sim.control("POST", "/_sim/tokens/revoke", { token: fresh.tokens.accessToken });
    const error = await caught(harness.connector().publish(accessOf(fresh), publishInput(emailPost())));
    expect(error).toMatchObject({ kind: "auth_revoked", retryable: false });
  });

  it("a hang on create is an unknown outcome; on a read, transient", async () => {
    const fast = harness.connector({}, { timeoutMs: 300 });
    await inject(harness.sim, { method: "POST", path: createPath, action: { type: "hang" } });
    const create = await caught(fast.publish(accessOf(auth), publishInput(emailPost())));
    expect(create).toMatchObject({ kind: "unknown_outcome", platformCode: "timeout" });
    await inject(harness.sim, { path: "/3.0/lists", action: { type: "hang" } });
    expect(await caught(listAudiences(fast))).toMatchObject({ kind: "transient", platformCode: "timeout" });
  });

  it("a reset after create is an unknown outcome and the sim holds the campaign", async () => {
    await inject(harness.sim, { method: "POST", path: createPath, action: { type: "reset_after" } });
    expect(await caught(publish())).toMatchObject({ kind: "unknown_outcome" });
    expect(await callCount(harness.sim, endpoints.create)).toBe(1);
    expect(await simPosts(harness.sim)).toEqual([]);
  });
});

describe("Mailchimp's 10-connection limit in the sim", () => {
  const slowLists = (count: number) =>
    inject(harness.sim, { path: "/3.0/lists", count, action: { type: "latency", ms: 400 } });

  it("an 11th simultaneous request of a user is 429 → rate_limited with the backoff hint", async () => {
    await slowLists(11);
    const results = await Promise.allSettled(Array.from({ length: 11 }, () => listAudiences()));
    const refused = results
      .filter((r) => r.status === "rejected")
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    for (const error of refused) {
      expect(error).toMatchObject({
        kind: "rate_limited",
        httpStatus: 429,
        platformCode: "Too Many Requests",
        retryAfterMs: 10_000,
      });
    }
    expect(results.filter((r) => r.status === "fulfilled").length).toBeGreaterThanOrEqual(9);
    // the slots are released with the responses
    expect(await listAudiences()).toHaveLength(5);
  });

  it("ten at once pass; another user is counted apart; with rate limits off nothing is refused", async () => {
    const bobAuth = await harness.connect(bob);
    const bobAudiences = () =>
      harness
        .connector()
        .fetchAccounts({ accessToken: bobAuth.tokens.accessToken, connection: bobAuth.metadata });
    await slowLists(11);
    const ten = await Promise.allSettled([
      ...Array.from({ length: 10 }, () => listAudiences()),
      bobAudiences(),
    ]);
    expect(ten.every((r) => r.status === "fulfilled")).toBe(true);
    await harness.sim.control("PUT", "/_sim/settings", { rateLimits: false });
    await slowLists(12);
    const twelve = await Promise.allSettled(Array.from({ length: 12 }, () => listAudiences()));
    expect(twelve.every((r) => r.status === "fulfilled")).toBe(true);
  });
});
