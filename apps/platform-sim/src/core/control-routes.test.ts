import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSimApp, type SimApp } from "../app";
import { createTikTokSim } from "../platforms/tiktok/index";

let sim: SimApp;

beforeAll(async () => {
  sim = await buildSimApp({ platforms: [createTikTokSim] });
});
afterAll(async () => sim.app.close());

describe("GET /_sim/tokens", () => {
  it("lists every token value issued, by platform, with its grant's revocation", async () => {
    const grant = sim.state.tokens.issue({
      platform: "tiktok",
      userId: "user-1",
      clientId: "postd-sim-tiktok",
      scopes: ["user.info.basic"],
      accessTtlSeconds: 60,
      refreshToken: { ttlSeconds: 600 },
    });
    sim.state.tokens.revokeGrant(grant.grantId);

    const listed = await sim.app.inject({ method: "GET", url: "/_sim/tokens?platform=tiktok" });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().data).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ token: grant.accessToken.token, kind: "access", revoked: true }),
        expect.objectContaining({ token: grant.refreshToken?.token, kind: "refresh", userId: "user-1" }),
      ]),
    );
    const other = await sim.app.inject({ method: "GET", url: "/_sim/tokens?platform=meta" });
    expect(other.json()).toEqual({ data: [] });
    const bad = await sim.app.inject({ method: "GET", url: "/_sim/tokens?platform=myspace" });
    expect(bad.statusCode).toBe(400);
  });
});
