import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSimApp, type SimApp } from "../app";
import { createTikTokSim } from "../platforms/tiktok/index";

let sim: SimApp;

beforeAll(async () => {
  sim = await buildSimApp({ platforms: [createTikTokSim] });
});
afterAll(async () => sim.app.close());

const issue = () =>
  sim.state.tokens.issue({
    platform: "tiktok",
    userId: "user-1",
    clientId: "postd-sim-tiktok",
    scopes: ["user.info.basic"],
    accessTtlSeconds: 60,
    refreshToken: { ttlSeconds: 600 },
  });

const issueCode = () =>
  sim.state.codes.issue({
    platform: "tiktok",
    clientId: "postd-sim-tiktok",
    redirectUri: "https://app.example.test/callback",
    userId: "user-1",
    scopes: ["user.info.basic"],
    codeChallenge: null,
  });

describe("PUT /_sim/settings { tokenPrefix }", () => {
  it("puts the canary before every token and code issued from then on, and only then", async () => {
    const before = issue();
    expect(before.accessToken.token).toMatch(/^simtiktok_at_/);

    const set = await sim.app.inject({
      method: "PUT",
      url: "/_sim/settings",
      payload: { tokenPrefix: "CANARY42_" },
    });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ tokenPrefix: "CANARY42_" });

    const after = issue();
    expect(after.accessToken.token).toMatch(/^CANARY42_simtiktok_at_/);
    expect(after.refreshToken?.token).toMatch(/^CANARY42_simtiktok_rt_/);
    expect(issueCode().code).toMatch(/^CANARY42_simcode_/);
    // a refresh issues through the same store: rotated tokens carry it too
    const refreshed = sim.state.tokens.refresh(after.refreshToken?.token ?? "", {
      clientId: "postd-sim-tiktok",
      rotate: true,
      accessTtlSeconds: 60,
      refreshTtlSeconds: 600,
    });
    expect(refreshed.ok && refreshed.grant.accessToken.token).toMatch(/^CANARY42_simtiktok_at_/);
    expect(sim.state.tokens.checkAccess(before.accessToken.token).ok).toBe(true);

    await sim.app.inject({ method: "POST", url: "/_sim/reset" });
    expect(issue().accessToken.token).toMatch(/^simtiktok_at_/);
  });

  it("refuses a prefix that is not letters, digits, _ and -", async () => {
    const bad = await sim.app.inject({
      method: "PUT",
      url: "/_sim/settings",
      payload: { tokenPrefix: "a b&c" },
    });
    expect(bad.statusCode).toBe(400);
    expect(issue().accessToken.token).toMatch(/^simtiktok_at_/);
  });
});
