import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RunningSim } from "./support/sim";
import {
  accessOf,
  alice,
  bob,
  callCount,
  caught,
  connect,
  consent,
  createHarness,
  endpoints,
  type Harness,
  startTikTokSim,
} from "./tiktok-harness";

let sim: RunningSim;
let harness: Harness;

beforeAll(async () => {
  sim = await startTikTokSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
});

describe("tiktok authorization URL", () => {
  it("targets Login Kit v2 with client_key, comma-separated scopes, code and state, and no PKCE", () => {
    const url = new URL(
      harness.connector.buildAuthorizationUrl({ state: "st_abc", codeChallenge: "challenge" }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://www.tiktok.com/v2/auth/authorize/");
    expect(url.searchParams.get("client_key")).toBe("postd-sim-tiktok");
    expect(url.searchParams.get("scope")).toBe("user.info.basic,user.info.profile,video.publish,video.list");
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("redirect_uri")).toBe("https://app.postd.test/oauth/tiktok/callback");
    expect(url.searchParams.get("state")).toBe("st_abc");
    expect(url.searchParams.has("code_challenge")).toBe(false);
    expect(harness.connector.capabilities.pkce).toBe(false);
  });
});

describe("tiktok OAuth against the sim", () => {
  it("approves, exchanges the code and identifies the user", async () => {
    const location = await consent(harness, { state: "st_round_trip" });
    expect(location.searchParams.get("state")).toBe("st_round_trip");
    const started = Date.now();
    const result = await harness.connector.authenticate({
      code: location.searchParams.get("code") ?? "",
      redirectUri: "https://app.postd.test/oauth/tiktok/callback",
      codeVerifier: null,
    });
    expect(result.externalUserId).toBe(alice.openId);
    expect(result.displayName).toBe("Alice Creates");
    expect(result.metadata).toMatchObject({ openId: alice.openId, username: alice.username });
    expect(result.tokens.scopes).toEqual([
      "user.info.basic",
      "user.info.profile",
      "video.publish",
      "video.list",
    ]);
    expect(result.tokens.refreshToken).toMatch(/^simtiktok_rt_/);
    const accessLifetime = (result.tokens.expiresAt?.getTime() ?? 0) - started;
    expect(accessLifetime).toBeGreaterThan(2 * 3600_000 - 10_000);
    expect(accessLifetime).toBeLessThanOrEqual(2 * 3600_000 + 1_000);
    const refreshLifetime = (result.tokens.refreshTokenExpiresAt?.getTime() ?? 0) - started;
    expect(Math.round(refreshLifetime / 86_400_000)).toBe(180);
  });

  it("a denial comes back as access_denied with the state", async () => {
    const location = await consent(harness, { decision: "deny", state: "st_denied" });
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st_denied");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("takes lifetimes from the answer, not from constants (older 24 h / 365 d)", async () => {
    await sim.control("PUT", "/_sim/settings", {
      lifetimes: { tiktok: { accessTtlSeconds: 86_400, refreshTtlSeconds: 365 * 86_400 } },
    });
    const result = await connect(harness);
    const hours = ((result.tokens.expiresAt?.getTime() ?? 0) - Date.now()) / 3600_000;
    expect(Math.round(hours)).toBe(24);
  });

  it("a used code is refused as invalid_grant → auth_revoked", async () => {
    const location = await consent(harness);
    const input = {
      code: location.searchParams.get("code") ?? "",
      redirectUri: harness.config.redirectUri,
      codeVerifier: null,
    };
    await harness.connector.authenticate(input);
    const error = await caught(harness.connector.authenticate(input));
    expect(error).toMatchObject({ kind: "auth_revoked", platformCode: "invalid_grant", retryable: false });
  });

  it("a wrong client secret is an invalid_client configuration error", async () => {
    const location = await consent(harness);
    const wrong = createHarness(sim, { clientSecret: "nope" });
    const error = await caught(
      wrong.connector.authenticate({
        code: location.searchParams.get("code") ?? "",
        redirectUri: harness.config.redirectUri,
        codeVerifier: null,
      }),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "invalid_client", httpStatus: 401 });
  });

  it("fetchAccounts yields the one account behind the token", async () => {
    const result = await connect(harness, bob.openId);
    const accounts = await harness.connector.fetchAccounts({
      accessToken: result.tokens.accessToken,
      connection: result.metadata,
    });
    expect(accounts).toEqual([
      {
        externalId: bob.openId,
        name: "Bob Private",
        kind: "tiktok_account",
        accessToken: null,
        metadata: { username: bob.username, unionId: "tt-union-bob", avatarUrl: expect.any(String) },
      },
    ]);
  });

  it("identifies a user without username when user.info.profile was not granted", async () => {
    const narrow = createHarness(sim, { scopes: ["user.info.basic", "video.publish"] });
    const result = await connect(narrow);
    expect(result.externalUserId).toBe(alice.openId);
    expect(result.metadata.username).toBeUndefined();
    const health = await narrow.connector.healthCheck({
      accessToken: result.tokens.accessToken,
      connection: result.metadata,
    });
    expect(health.healthy).toBe(true);
  });
});

describe("tiktok refresh with rotation", () => {
  it("each refresh returns a new refresh token; the newest works; reusing the first revokes the grant", async () => {
    const first = await connect(harness);
    const second = await harness.connector.refreshToken(first.tokens, first.metadata);
    expect(second.refreshToken).not.toBe(first.tokens.refreshToken);
    expect(second.accessToken).not.toBe(first.tokens.accessToken);
    const third = await harness.connector.refreshToken(second, first.metadata);
    expect(third.refreshToken).not.toBe(second.refreshToken);
    const health = await harness.connector.healthCheck({
      accessToken: third.accessToken,
      connection: first.metadata,
    });
    expect(health).toMatchObject({ healthy: true });
    expect(await callCount(sim, endpoints.token)).toBe(3);

    const reuse = await caught(harness.connector.refreshToken(first.tokens, first.metadata));
    expect(reuse).toMatchObject({ kind: "auth_revoked", platformCode: "invalid_grant", retryable: false });
    // the whole grant is gone: the newest tokens stop working too
    const newest = await caught(harness.connector.refreshToken(third, first.metadata));
    expect(newest.kind).toBe("auth_revoked");
    const read = await caught(
      harness.connector.healthCheck({ accessToken: third.accessToken, connection: first.metadata }),
    );
    expect(read).toMatchObject({
      kind: "auth_expired",
      platformCode: "access_token_invalid",
      httpStatus: 401,
    });
  });

  it("an expired access token is auth_expired, and a refresh cures it", async () => {
    const result = await connect(harness);
    await sim.control("POST", "/_sim/tokens/expire", { token: result.tokens.accessToken });
    const connection = { accessToken: result.tokens.accessToken, connection: result.metadata };
    const error = await caught(harness.connector.healthCheck(connection));
    expect(error).toMatchObject({ kind: "auth_expired", retryable: true });
    const refreshed = await harness.connector.refreshToken(result.tokens, result.metadata);
    expect(
      await harness.connector.healthCheck({ ...connection, accessToken: refreshed.accessToken }),
    ).toMatchObject({
      healthy: true,
    });
  });

  it("a grant the user removed: reads say access_token_invalid, the refresh says invalid_grant", async () => {
    const result = await connect(harness);
    await sim.control("POST", "/_sim/tokens/revoke", { platform: "tiktok", userId: alice.openId });
    const read = await caught(harness.connector.getAccountOptions(accessOf(result)));
    expect(read.kind).toBe("auth_expired");
    const refresh = await caught(harness.connector.refreshToken(result.tokens, result.metadata));
    expect(refresh.kind).toBe("auth_revoked");
  });

  it("a connection without a refresh token cannot refresh", async () => {
    const result = await connect(harness);
    const error = await caught(
      harness.connector.refreshToken({ ...result.tokens, refreshToken: null }, result.metadata),
    );
    expect(error).toMatchObject({ kind: "auth_revoked", platformCode: "no_refresh_token" });
  });
});

describe("tiktok revoke and health", () => {
  it("revoke ends the grant: the token and the refresh token stop working", async () => {
    const result = await connect(harness);
    const connection = { accessToken: result.tokens.accessToken, connection: result.metadata };
    await harness.connector.revoke(connection);
    expect((await caught(harness.connector.healthCheck(connection))).kind).toBe("auth_expired");
    expect((await caught(harness.connector.refreshToken(result.tokens, result.metadata))).kind).toBe(
      "auth_revoked",
    );
  });

  it("a grant without video.publish is unhealthy", async () => {
    const narrow = createHarness(sim, { scopes: ["user.info.basic"] });
    const result = await connect(narrow);
    const health = await narrow.connector.healthCheck({
      accessToken: result.tokens.accessToken,
      connection: result.metadata,
    });
    expect(health).toEqual({ healthy: false, detail: expect.stringContaining("video.publish") });
  });
});
