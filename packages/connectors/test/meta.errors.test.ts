import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult, ConnectorError, PlatformAccount } from "../src/index";
import {
  accessFor,
  bakeryInstagram,
  bakeryPage,
  connect,
  graphError,
  type Harness,
  harness,
  media,
  post,
  publishInput,
  settle,
  startMetaSim,
} from "./meta-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let h: Harness;
let auth: AuthenticateResult;
let accounts: PlatformAccount[];
let page: AccountAccess;

beforeAll(async () => {
  sim = await startMetaSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  h = harness(sim);
  ({ auth, accounts } = await connect(h));
  page = accessFor(auth, accounts, bakeryPage);
});

/** Injects one answer on the Page's feed and returns what publishing a text post then throws. */
async function publishAgainst(action: Record<string, unknown>): Promise<ConnectorError> {
  await sim.control("POST", "/_sim/faults", {
    host: "graph.facebook.com",
    path: "/feed",
    method: "POST",
    action,
  });
  return (await settle(h.connector.publish(page, publishInput(post()).input))) as ConnectorError;
}

const respond = (status: number, body?: unknown, headers?: Record<string, string>) => ({
  type: "respond",
  status,
  ...(body === undefined ? {} : { body }),
  ...(headers ? { headers } : {}),
});

describe("meta error classification (injected Graph answers)", () => {
  it.each(
    [
      ["429 with Retry-After", respond(429, "", { "retry-after": "7" }), "rate_limited", "http_429", 7_000],
      ["429 without Retry-After", respond(429), "rate_limited", "http_429", undefined],
      [
        "#4 with X-App-Usage at 100",
        respond(403, graphError(4), {
          "x-app-usage": '{"call_count":100,"total_cputime":20,"total_time":30}',
        }),
        "rate_limited",
        "4",
        3_600_000,
      ],
      [
        "80001 with the BUC regain time",
        respond(400, graphError(80001, 2494055), {
          "x-business-use-case-usage": `{"${bakeryPage}":[{"type":"pages","call_count":100,"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":12}]}`,
        }),
        "rate_limited",
        "80001/2494055",
        720_000,
      ],
      ["#17 user limit", respond(400, graphError(17)), "rate_limited", "17", undefined],
      ["#32 Page limit", respond(400, graphError(32)), "rate_limited", "32", undefined],
      ["#613 custom limit", respond(400, graphError(613)), "rate_limited", "613", undefined],
      ["500 without body", respond(500), "transient", "http_500", undefined],
      ["503 without body", respond(503), "transient", "http_503", undefined],
      [
        "#2 service",
        respond(500, graphError(2, undefined, { is_transient: true })),
        "transient",
        "2",
        undefined,
      ],
      ["#1 unknown", respond(500, graphError(1)), "transient", "1", undefined],
      [
        "is_transient on an odd code",
        respond(400, graphError(1234, undefined, { is_transient: true })),
        "transient",
        "1234",
        undefined,
      ],
      ["401 expired (190/463)", respond(401, graphError(190, 463)), "auth_expired", "190/463", undefined],
      [
        "401 revoked (190/460 password changed)",
        respond(401, graphError(190, 460)),
        "auth_revoked",
        "190/460",
        undefined,
      ],
      ["190/458 app removed", respond(400, graphError(190, 458)), "auth_revoked", "190/458", undefined],
      ["190/467 invalid token", respond(400, graphError(190, 467)), "auth_revoked", "190/467", undefined],
      ["plain 190", respond(400, graphError(190)), "auth_revoked", "190", undefined],
      ["#102 session", respond(400, graphError(102)), "auth_expired", "102", undefined],
      ["403 #200 permission", respond(403, graphError(200)), "permission_denied", "200", undefined],
      ["#10 permission", respond(400, graphError(10)), "permission_denied", "10", undefined],
      ["#3 capability", respond(400, graphError(3)), "permission_denied", "3", undefined],
      [
        "#368 policy block",
        respond(400, graphError(368, 1390008)),
        "permission_denied",
        "368/1390008",
        undefined,
      ],
      ["400 #100 validation", respond(400, graphError(100)), "invalid_request", "100", undefined],
      ["#506 duplicate", respond(400, graphError(506)), "invalid_request", "506", undefined],
      ["#1609005 link", respond(400, graphError(1609005)), "invalid_request", "1609005", undefined],
    ].map(([name, action, kind, platformCode, retryAfterMs]) => ({
      name,
      action: action as Record<string, unknown>,
      kind,
      platformCode,
      retryAfterMs,
    })),
  )("$name → $kind", async ({ action, kind, platformCode, retryAfterMs }) => {
    const error = await publishAgainst(action);
    expect(error).toMatchObject({ name: "ConnectorError", kind, platformCode, platform: "meta" });
    expect(error.retryAfterMs).toBe(retryAfterMs);
    expect(sim.state.posts.list()).toHaveLength(0);
  });

  it("keeps Meta's message and user message", async () => {
    const error = await publishAgainst(
      respond(
        400,
        graphError(100, undefined, { message: "(#100) Invalid parameter", error_user_msg: "Fix the link" }),
      ),
    );
    expect(error.message).toContain("(#100) Invalid parameter");
    expect(error.message).toContain("Fix the link");
    expect(error.httpStatus).toBe(400);
  });

  it("a hang on publish times out as unknown_outcome; on a read, as transient", async () => {
    expect((await publishAgainst({ type: "hang" })).kind).toBe("unknown_outcome");
    await sim.control("POST", "/_sim/faults", { path: "/me", method: "GET", action: { type: "hang" } });
    const read = (await settle(
      h.connector.healthCheck({ accessToken: auth.tokens.accessToken, connection: auth.metadata }),
    )) as ConnectorError;
    expect(read).toMatchObject({ kind: "transient", platformCode: "timeout" });
  });

  it("a reset after the post was made is unknown_outcome, and the post exists on the sim", async () => {
    const error = await publishAgainst({ type: "reset_after" });
    expect(error.kind).toBe("unknown_outcome");
    expect(sim.state.posts.list()).toHaveLength(1);
  });

  it("Instagram's own codes: -1/2207001 transient, 2207020 transient and the container forgotten, 2207027 transient", async () => {
    const instagram = accessFor(auth, accounts, bakeryInstagram);
    for (const [code, subcode] of [
      [-1, 2207001],
      [9004, 2207020],
      [9007, 2207027],
      [-2, 2207003],
    ] as const) {
      await sim.control("POST", "/_sim/faults", {
        path: "/media_publish",
        action: respond(400, graphError(code, subcode)),
      });
      const attempt = publishInput(post({ media: [media.jpeg()] }));
      const error = (await settle(h.connector.publish(instagram, attempt.input))) as ConnectorError;
      expect(error).toMatchObject({ kind: "transient", platformCode: `${code}/${subcode}` });
      expect("ig.container" in attempt.last()).toBe(subcode !== 2207020);
    }
  });

  it("the sim's own Business Use Case limit answers 80001 with a regain time", async () => {
    await sim.control("PUT", "/_sim/meta/limits", { businessCallsPerDay: 2 });
    await h.connector.publish(page, publishInput(post({ text: "one" })).input);
    await h.connector.publish(page, publishInput(post({ text: "two" })).input);
    const error = (await settle(
      h.connector.publish(page, publishInput(post({ text: "three" })).input),
    )) as ConnectorError;
    expect(error).toMatchObject({ kind: "rate_limited", platformCode: "80001/2494055" });
    expect(error.retryAfterMs).toBeGreaterThan(23 * 3_600_000);
  });

  it("the sim's app-level limit answers #4 with X-App-Usage at 100 → an hour", async () => {
    await sim.control("PUT", "/_sim/meta/limits", { appCallsPerHour: 1 });
    await h.connector
      .healthCheck({ accessToken: auth.tokens.accessToken, connection: auth.metadata })
      .catch(() => undefined);
    const error = (await settle(h.connector.publish(page, publishInput(post()).input))) as ConnectorError;
    expect(error).toMatchObject({ kind: "rate_limited", platformCode: "4", retryAfterMs: 3_600_000 });
  });

  it("an unknown token is auth_revoked (plain 190); a token without the permission is permission_denied", async () => {
    const bogus = { ...page, accessToken: "not-a-token" };
    expect(await settle(h.connector.publish(bogus, publishInput(post()).input))).toMatchObject({
      kind: "auth_revoked",
      platformCode: "190",
    });
    await sim.control("PUT", "/_sim/meta/declined", {
      userId: auth.externalUserId,
      permissions: ["pages_manage_posts"],
    });
    expect(await settle(h.connector.publish(page, publishInput(post()).input))).toMatchObject({
      kind: "permission_denied",
      platformCode: "200",
    });
  });
});
