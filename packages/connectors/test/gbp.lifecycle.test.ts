import { simMetricValue } from "@postd/platform-sim";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AccountAccess, AuthenticateResult } from "../src/index";
import {
  accessOf,
  caught,
  connect,
  createHarness,
  type Harness,
  locationAccount,
  millLane,
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
let offsetMs = 0;

beforeAll(async () => {
  sim = await startGbpSim({ now: () => Date.now() + offsetMs });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  offsetMs = 0;
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
  auth = await connect(harness);
  access = accessOf(auth, await locationAccount(harness, auth));
});

describe("gbp delete, analytics, options", () => {
  it("delete removes the post; deleting again is already done; a malformed name is refused", async () => {
    const published = await harness.connector.publish(access, publishInput(textPost()));
    await harness.connector.deletePost(access, published.platformPostId);
    expect(await simPosts(sim)).toEqual([]);
    expect((await simPosts(sim, true))[0]?.deleted).toBe(true);
    await expect(harness.connector.deletePost(access, published.platformPostId)).resolves.toBeUndefined();
    const error = await caught(harness.connector.deletePost(access, "locations/1/localPosts/2"));
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "invalid_post_name" });
  });

  it("analytics are the location's impressions and clicks since the post was made", async () => {
    offsetMs = -3 * 86_400_000;
    const published = await harness.connector.publish(access, publishInput(textPost()));
    offsetMs = 0;
    const metrics = await harness.connector.getPostAnalytics(access, published.platformPostId);
    const days: string[] = [];
    for (let t = Date.now() - 3 * 86_400_000; days.length < 4; t += 86_400_000)
      days.push(new Date(t).toISOString().slice(0, 10));
    const sum = (metrics: string[]) =>
      days.reduce(
        (total, day) =>
          total + metrics.reduce((s, m) => s + simMetricValue("4130000000000000001", m, day), 0),
        0,
      );
    expect(metrics).toEqual({
      impressions: sum([
        "BUSINESS_IMPRESSIONS_DESKTOP_MAPS",
        "BUSINESS_IMPRESSIONS_DESKTOP_SEARCH",
        "BUSINESS_IMPRESSIONS_MOBILE_MAPS",
        "BUSINESS_IMPRESSIONS_MOBILE_SEARCH",
      ]),
      clicks: sum(["WEBSITE_CLICKS", "CALL_CLICKS", "BUSINESS_DIRECTION_REQUESTS"]),
    });
    expect(metrics.impressions).toBeGreaterThan(0);
  });

  it("analytics of a deleted post is invalid_request", async () => {
    const published = await harness.connector.publish(access, publishInput(textPost()));
    await harness.connector.deletePost(access, published.platformPostId);
    const error = await caught(harness.connector.getPostAnalytics(access, published.platformPostId));
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "NOT_FOUND" });
  });

  it("account options list the topic and button types and the limits", async () => {
    expect(await harness.connector.getAccountOptions(access)).toEqual({
      kind: "gbp_location",
      options: {
        topicTypes: ["STANDARD", "EVENT", "OFFER"],
        defaultTopicType: "STANDARD",
        callToActionTypes: ["BOOK", "ORDER", "SHOP", "LEARN_MORE", "SIGN_UP", "CALL"],
        callToActionWithoutUrl: ["CALL"],
        summaryMaxLength: 1500,
        maxMedia: 1,
        mediaFormats: ["PHOTO", "VIDEO"],
        eventRequiredFor: ["EVENT", "OFFER"],
        languageCode: "en",
      },
    });
  });

  it("every verb is supported: the capabilities say so", () => {
    expect(harness.connector.capabilities).toEqual({
      mediaKinds: ["image", "video"],
      textOnly: true,
      refresh: true,
      rotatingRefreshTokens: false,
      revoke: true,
      delete: true,
      analytics: true,
      findPost: true,
      pkce: true,
      nativeScheduling: false,
      webhooks: true,
    });
  });
});

describe("gbp limits the sim applies", () => {
  it("the 11th edit of one profile in a minute is refused; another profile is not affected", async () => {
    for (let i = 0; i < 10; i++) await harness.connector.publish(access, publishInput(textPost(`Post ${i}`)));
    const error = await caught(harness.connector.publish(access, publishInput(textPost("Post 10"))));
    expect(error).toMatchObject({
      kind: "rate_limited",
      platformCode: "RESOURCE_EXHAUSTED/RATE_LIMIT_EXCEEDED",
      retryAfterMs: 60_000,
    });
    expect(error.message).toContain("10 edits per minute per profile");
    const other = accessOf(auth, await locationAccount(harness, auth, millLane));
    await expect(harness.connector.publish(other, publishInput(textPost("Post 10")))).resolves.toBeDefined();
  });

  it("the 301st request a minute to one API meets 429 RESOURCE_EXHAUSTED", async () => {
    const connection = { accessToken: auth.tokens.accessToken, connection: auth.metadata };
    // fetchAccounts in beforeEach made one accounts.list call already
    for (let i = 0; i < 299; i++) await harness.connector.healthCheck(connection);
    const error = await caught(harness.connector.healthCheck(connection));
    expect(error).toMatchObject({
      kind: "rate_limited",
      platformCode: "RESOURCE_EXHAUSTED/RATE_LIMIT_EXCEEDED",
      retryAfterMs: 60_000,
    });
    expect(error.message).toContain("Requests per minute");
    await sim.control("PUT", "/_sim/settings", { rateLimits: false });
    await expect(harness.connector.healthCheck(connection)).resolves.toMatchObject({ healthy: true });
  });
});
