import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AuthenticateResult, PostContent } from "../src/index";
import { untilNextUtcMidnight } from "../src/linkedin/index";
import {
  accessFor,
  ada,
  connectorError,
  currentApiVersion,
  type LinkedInHarness,
  memberAccount,
  organizationAccount,
  postOf,
  publishInputOf,
  simPosts,
  startLinkedInHarness,
} from "./linkedin-harness";

let harness: LinkedInHarness;
let auth: AuthenticateResult;

beforeAll(async () => {
  harness = await startLinkedInHarness();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => {
  await harness.reset();
  auth = await harness.connect(ada);
});

const asAda = () => accessFor(auth, memberAccount(ada));
const asOrganization = () => accessFor(auth, organizationAccount(1001));
const publish = (post: PostContent = postOf(), access = asAda(), timeoutMs?: number) =>
  harness
    .connector({}, timeoutMs ? { timeoutMs } : {})
    .publish(access, publishInputOf(post, { progress: {} }));
const failPostsWith = (action: Record<string, unknown>) =>
  harness.sim.control("POST", "/_sim/faults", {
    host: "api.linkedin.com",
    method: "POST",
    path: "/rest/posts",
    action,
  });
const respond = (status: number, body: unknown, headers?: Record<string, string>) =>
  failPostsWith({ type: "respond", status, body, ...(headers ? { headers } : {}) });

describe("LinkedIn error classification (faults injected on POST /rest/posts)", () => {
  it("429 with Retry-After is rate_limited for that long", async () => {
    await respond(429, { status: 429, message: "Too many requests" }, { "retry-after": "7" });
    const error = await connectorError(publish());
    expect(error).toMatchObject({ kind: "rate_limited", retryAfterMs: 7000, retryable: true });
  });

  it("429 without Retry-After waits for LinkedIn's daily reset at 00:00 UTC", async () => {
    await respond(429, { status: 429, message: "Resource level throttle APPLICATION DAY limit" });
    const error = await connectorError(publish());
    expect(error.kind).toBe("rate_limited");
    expect(Math.abs((error.retryAfterMs ?? 0) - untilNextUtcMidnight(Date.now()))).toBeLessThan(5_000);
  });

  it.each([500, 502, 503, 504])("%i is transient", async (status) => {
    await respond(status, { status, message: "Service Unavailable" });
    const error = await connectorError(publish());
    expect(error).toMatchObject({ kind: "transient", httpStatus: status, retryable: true });
  });

  it.each([
    [
      401,
      { status: 401, serviceErrorCode: 65602, code: "EXPIRED_ACCESS_TOKEN", message: "expired" },
      "auth_expired",
    ],
    [
      401,
      { status: 401, serviceErrorCode: 65601, code: "REVOKED_ACCESS_TOKEN", message: "revoked" },
      "auth_revoked",
    ],
    [401, { status: 401, serviceErrorCode: 65600, message: "Invalid access token" }, "auth_expired"],
    [401, { status: 401, serviceErrorCode: 65604, message: "Empty oauth2 access token" }, "auth_revoked"],
    [
      403,
      { status: 403, serviceErrorCode: 100, code: "ACCESS_DENIED", message: "Not enough permissions" },
      "permission_denied",
    ],
    [
      400,
      { status: 400, message: "com.linkedin.data.template.TemplateOutputCastException" },
      "invalid_request",
    ],
    [
      404,
      { status: 404, code: "RESOURCE_NOT_FOUND", message: "No virtual resource found" },
      "invalid_request",
    ],
    [409, { status: 409, message: "Conflict" }, "invalid_request"],
    [
      422,
      { status: 422, message: "ERROR :: /commentary :: Content is a duplicate of urn:li:share:1" },
      "invalid_request",
    ],
    [
      426,
      { status: 426, code: "NONEXISTENT_VERSION", message: "Requested version 20240101 is not active" },
      "invalid_request",
    ],
  ] as const)("%i %j → %s, keeping LinkedIn's code and message", async (status, body, kind) => {
    await respond(status, body);
    const error = await connectorError(publish());
    expect(error.kind).toBe(kind);
    expect(error.httpStatus).toBe(status);
    expect(error.message).toContain(body.message);
    if ("code" in body) expect(error.platformCode).toContain(body.code);
    expect(await simPosts(harness.sim)).toHaveLength(0);
  });

  it("a hang is unknown_outcome on the publish and transient on a read", async () => {
    await failPostsWith({ type: "hang" });
    const write = await connectorError(publish(postOf(), asAda(), 300));
    expect(write).toMatchObject({ kind: "unknown_outcome", platformCode: "timeout" });
    await harness.sim.control("POST", "/_sim/faults", {
      method: "GET",
      path: "/v2/userinfo",
      action: { type: "hang" },
    });
    const read = await connectorError(
      harness
        .connector({}, { timeoutMs: 300 })
        .healthCheck({ accessToken: auth.tokens.accessToken, connection: {} }),
    );
    expect(read).toMatchObject({ kind: "transient", platformCode: "timeout" });
  });

  it("the daily per-member posting limit is rate_limited until 00:00 UTC, then posting works again", async () => {
    for (let n = 0; n < 150; n++) await publish(postOf({ text: `post ${n}` }));
    const error = await connectorError(publish(postOf({ text: "one too many" })));
    expect(error.kind).toBe("rate_limited");
    expect(error.httpStatus).toBe(429);
    expect(Math.abs((error.retryAfterMs ?? 0) - untilNextUtcMidnight(Date.now()))).toBeLessThan(5_000);
    harness.advanceSim(untilNextUtcMidnight(Date.now()) + 1_000);
    const version = currentApiVersion(Date.now() + untilNextUtcMidnight(Date.now()) + 1_000);
    await harness
      .connector({ apiVersion: version })
      .publish(asAda(), publishInputOf(postOf({ text: "next day" }), { progress: {} }));
  });

  it("token endpoint outages are transient, throttling rate_limited", async () => {
    await harness.sim.control("POST", "/_sim/faults", {
      rules: [
        {
          path: "/oauth/v2/accessToken",
          action: { type: "respond", status: 503, body: "upstream unavailable" },
        },
        {
          path: "/oauth/v2/accessToken",
          action: {
            type: "respond",
            status: 429,
            body: { error: "too_many_requests" },
            headers: { "retry-after": "3" },
          },
        },
      ],
    });
    const linkedIn = harness.connector();
    expect((await connectorError(linkedIn.refreshToken(auth.tokens, auth.metadata))).kind).toBe("transient");
    const throttled = await connectorError(linkedIn.refreshToken(auth.tokens, auth.metadata));
    expect(throttled).toMatchObject({ kind: "rate_limited", retryAfterMs: 3000 });
  });

  it("an organization post that is not PUBLIC is refused by LinkedIn as invalid_request", async () => {
    const error = await connectorError(
      publish(postOf({ options: { visibility: "CONNECTIONS" } }), asOrganization()),
    );
    expect(error).toMatchObject({ kind: "invalid_request", httpStatus: 422 });
  });
});

describe("settling an unknown outcome with findPost", () => {
  const since = () => new Date(Date.now() - 1000);

  it("a reset after LinkedIn made the post is unknown_outcome, and findPost finds it (organization)", async () => {
    const post = postOf({ text: "Outage #test (really)" });
    await failPostsWith({ type: "reset_after" });
    const error = await connectorError(publish(post, asOrganization()));
    expect(error.kind).toBe("unknown_outcome");
    const [made] = await simPosts(harness.sim);
    expect(made?.accountId).toBe("urn:li:organization:1001");
    const found = await harness
      .connector()
      .findPost(asOrganization(), { post, progress: {}, since: since() });
    expect(found).toEqual({
      outcome: "found",
      post: { platformPostId: made?.postId, url: `https://www.linkedin.com/feed/update/${made?.postId}` },
    });
  });

  it("finds a member's post when the member granted r_member_social, across pages", async () => {
    const linkedIn = harness.connector({ pageSize: 2 });
    const post = postOf({ text: "the one" });
    await failPostsWith({ type: "reset_after" });
    await connectorError(publish(post));
    for (const text of ["later 1", "later 2", "later 3"]) await publish(postOf({ text }));
    const found = await linkedIn.findPost(asAda(), { post, progress: {}, since: since() });
    expect(found.outcome).toBe("found");
  });

  it("finds a media post by the image URN saved in progress", async () => {
    const saved = { progress: {} as Record<string, string> };
    const post = postOf({
      text: "",
      media: [{ url: "https://media.platform-sim.test/x.jpg?bytes=100", type: "image" }],
    });
    await failPostsWith({ type: "reset_after" });
    await connectorError(harness.connector().publish(asOrganization(), publishInputOf(post, saved)));
    const found = await harness
      .connector()
      .findPost(asOrganization(), { post, progress: saved.progress, since: since() });
    expect(found.outcome).toBe("found");
    const other = { "image.0": "urn:li:image:never-posted" };
    expect(
      await harness.connector().findPost(asOrganization(), { post, progress: other, since: since() }),
    ).toEqual({
      outcome: "not_found",
    });
  });

  it("not_found when nothing was made, or only before `since`", async () => {
    const post = postOf({ text: "never made" });
    await respond(503, { status: 503, message: "down" });
    await connectorError(publish(post, asOrganization()));
    expect(
      await harness.connector().findPost(asOrganization(), { post, progress: {}, since: since() }),
    ).toEqual({
      outcome: "not_found",
    });
    await publish(postOf({ text: "old" }), asOrganization());
    const later = new Date(Date.now() + 10 * 60_000);
    const result = await harness
      .connector()
      .findPost(asOrganization(), { post: postOf({ text: "old" }), progress: {}, since: later });
    expect(result).toEqual({ outcome: "not_found" });
  });

  it("cannot_tell when LinkedIn refuses to list the member's posts, or two posts match", async () => {
    const narrow = await harness.connect(ada, ["openid", "profile", "w_member_social"]);
    const access = accessFor(narrow, memberAccount(ada));
    const post = postOf({ text: "who knows" });
    await harness.connector().publish(access, publishInputOf(post, { progress: {} }));
    const refused = await harness.connector().findPost(access, { post, progress: {}, since: since() });
    expect(refused.outcome).toBe("cannot_tell");

    await publish(post);
    const twice = await harness.connector().findPost(asAda(), { post, progress: {}, since: since() });
    expect(twice).toMatchObject({ outcome: "cannot_tell" });
  });
});

describe("the emulator enforces LinkedIn's request rules", () => {
  const call = (path: string, headers: Record<string, string>, method = "GET") =>
    fetch(`${harness.sim.url}/api.linkedin.com${path}`, { method, headers });
  const bearer = () => ({ authorization: `Bearer ${auth.tokens.accessToken}` });

  it("requires LinkedIn-Version and the Rest.li header, encoded URNs, and answers unknown paths in its own shape", async () => {
    const noVersion = await call("/rest/organizationAcls?q=roleAssignee", {
      ...bearer(),
      "x-restli-protocol-version": "2.0.0",
    });
    expect(noVersion.status).toBe(400);
    expect(await noVersion.json()).toMatchObject({ code: "VERSION_MISSING" });
    const headers = { ...bearer(), "linkedin-version": currentApiVersion() };
    const noRestli = await call("/rest/organizationAcls?q=roleAssignee", headers);
    expect(noRestli.status).toBe(400);
    const full = { ...headers, "x-restli-protocol-version": "2.0.0" };
    const raw = await call("/rest/posts/urn:li:share:1", full, "DELETE");
    expect(raw.status).toBe(400);
    const unknown = await call("/rest/nothingHere", full);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      status: 404,
      code: "RESOURCE_NOT_FOUND",
      message: "No virtual resource found",
    });
    const empty = await call("/rest/organizationAcls?q=roleAssignee", {
      "linkedin-version": currentApiVersion(),
      "x-restli-protocol-version": "2.0.0",
    });
    expect(await empty.json()).toMatchObject({ status: 401, serviceErrorCode: 65604 });
  });
});
