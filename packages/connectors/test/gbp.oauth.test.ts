import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { codeChallengeS256, createCodeVerifier } from "../src/index";
import {
  alan,
  callCount,
  caught,
  connect,
  connectionOf,
  consent,
  createHarness,
  endpoints,
  grace,
  type Harness,
  redirectUri,
  startGbpSim,
} from "./gbp-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
let harness: Harness;
/** how far the sim's clock runs ahead: tests move it forward to age refresh tokens */
let offsetMs = 0;

beforeAll(async () => {
  sim = await startGbpSim({ now: () => Date.now() + offsetMs });
});
afterAll(async () => sim.close());
beforeEach(async () => {
  offsetMs = 0;
  await sim.control("POST", "/_sim/reset");
  harness = createHarness(sim);
});

describe("gbp authorization URL", () => {
  it("targets Google with business.manage + openid, offline access, forced consent, state and PKCE S256", () => {
    const url = new URL(
      harness.connector.buildAuthorizationUrl({ state: "st_abc", codeChallenge: "c".repeat(43) }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://accounts.google.com/o/oauth2/v2/auth");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: "postd-sim-gbp",
      redirect_uri: redirectUri,
      response_type: "code",
      scope: "https://www.googleapis.com/auth/business.manage openid email",
      access_type: "offline",
      prompt: "consent",
      include_granted_scopes: "true",
      state: "st_abc",
      code_challenge: "c".repeat(43),
      code_challenge_method: "S256",
    });
    expect(url.search).toContain(
      "scope=https%3A%2F%2Fwww.googleapis.com%2Fauth%2Fbusiness.manage%20openid%20email",
    );
    expect(harness.connector.capabilities.pkce).toBe(true);
  });

  it("always asks for openid, the connection's identity", () => {
    const narrow = createHarness(sim, { scopes: ["https://www.googleapis.com/auth/business.manage"] });
    const url = new URL(narrow.connector.buildAuthorizationUrl({ state: "s", codeChallenge: null }));
    expect(url.searchParams.get("scope")).toBe("https://www.googleapis.com/auth/business.manage openid");
    expect(url.searchParams.has("code_challenge")).toBe(false);
  });
});

describe("gbp OAuth with PKCE against the sim", () => {
  it("consents, exchanges the code with the verifier and identifies the user by sub", async () => {
    const verifier = createCodeVerifier();
    const location = await consent(harness, {
      state: "st_round_trip",
      codeChallenge: codeChallengeS256(verifier),
    });
    expect(location.searchParams.get("state")).toBe("st_round_trip");
    const started = Date.now();
    const result = await harness.connector.authenticate({
      code: location.searchParams.get("code") ?? "",
      redirectUri,
      codeVerifier: verifier,
    });
    expect(result.externalUserId).toBe(grace.sub);
    expect(result.displayName).toBe(grace.email);
    expect(result.metadata).toEqual({ sub: grace.sub, email: grace.email });
    expect(result.tokens.refreshToken).toMatch(/^simgbp_rt_/);
    expect(result.tokens.refreshTokenExpiresAt).toBeNull();
    expect(result.tokens.scopes).toEqual([
      "https://www.googleapis.com/auth/business.manage",
      "openid",
      "https://www.googleapis.com/auth/userinfo.email",
    ]);
    const lifetime = (result.tokens.expiresAt?.getTime() ?? 0) - started;
    expect(lifetime).toBeGreaterThan(3_590_000);
    expect(lifetime).toBeLessThanOrEqual(3_600_000);
  });

  it("a wrong verifier is refused by Google (invalid_grant) and reported as a dead code: auth_revoked", async () => {
    const location = await consent(harness, { codeChallenge: codeChallengeS256(createCodeVerifier()) });
    const error = await caught(
      harness.connector.authenticate({
        code: location.searchParams.get("code") ?? "",
        redirectUri,
        codeVerifier: createCodeVerifier(),
      }),
    );
    expect(error).toMatchObject({
      kind: "auth_revoked",
      platformCode: "invalid_grant",
      httpStatus: 400,
      retryable: false,
    });
    expect(error.message).toContain("Invalid code verifier.");
  });

  it("a missing verifier is refused too, and the code is spent either way", async () => {
    const verifier = createCodeVerifier();
    const location = await consent(harness, { codeChallenge: codeChallengeS256(verifier) });
    const code = location.searchParams.get("code") ?? "";
    const missing = await caught(harness.connector.authenticate({ code, redirectUri, codeVerifier: null }));
    expect(missing.message).toContain("Missing code verifier.");
    const reused = await caught(
      harness.connector.authenticate({ code, redirectUri, codeVerifier: verifier }),
    );
    expect(reused).toMatchObject({ kind: "auth_revoked", platformCode: "invalid_grant" });
  });

  it("a denial comes back as access_denied with the state", async () => {
    const location = await consent(harness, { decision: "deny", state: "st_denied" });
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("state")).toBe("st_denied");
    expect(location.searchParams.has("code")).toBe(false);
  });

  it("the same Google user reconnecting keeps the same externalUserId", async () => {
    const first = await connect(harness, alan.sub);
    const second = await connect(harness, alan.sub);
    expect(second.externalUserId).toBe(first.externalUserId);
    expect(second.tokens.accessToken).not.toBe(first.tokens.accessToken);
    // prompt=consent: Google sends a refresh token on every connect, not only the first
    expect(second.tokens.refreshToken).toMatch(/^simgbp_rt_/);
  });

  it("a grant without business.manage (unticked on the consent screen) is refused", async () => {
    const narrow = createHarness(sim, { scopes: ["openid", "email"] });
    const error = await caught(connect(narrow));
    expect(error).toMatchObject({ kind: "permission_denied", platformCode: "business_scope_not_granted" });
  });

  it("a wrong client secret is our configuration: invalid_client → invalid_request", async () => {
    const verifier = createCodeVerifier();
    const location = await consent(harness, { codeChallenge: codeChallengeS256(verifier) });
    const wrong = createHarness(sim, { clientSecret: "nope" });
    const error = await caught(
      wrong.connector.authenticate({
        code: location.searchParams.get("code") ?? "",
        redirectUri,
        codeVerifier: verifier,
      }),
    );
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "invalid_client", httpStatus: 401 });
  });
});

describe("gbp refresh (not rotating) and revoke", () => {
  it("refresh returns a new access token and keeps the refresh token Google did not resend", async () => {
    const first = await connect(harness);
    const second = await harness.connector.refreshToken(first.tokens, first.metadata);
    expect(second.accessToken).not.toBe(first.tokens.accessToken);
    expect(second.refreshToken).toBe(first.tokens.refreshToken);
    const third = await harness.connector.refreshToken(second, first.metadata);
    expect(third.refreshToken).toBe(first.tokens.refreshToken);
    expect(
      await harness.connector.healthCheck({ accessToken: third.accessToken, connection: first.metadata }),
    ).toEqual({
      healthy: true,
      detail: expect.any(String),
    });
    expect(await callCount(sim, endpoints.token)).toBe(3);
  });

  it("an expired access token is auth_expired; a refresh cures it", async () => {
    const result = await connect(harness);
    await sim.control("POST", "/_sim/tokens/expire", { token: result.tokens.accessToken });
    const error = await caught(harness.connector.healthCheck(connectionOf(result)));
    expect(error).toMatchObject({
      kind: "auth_expired",
      platformCode: "UNAUTHENTICATED/ACCESS_TOKEN_EXPIRED",
      httpStatus: 401,
    });
    const refreshed = await harness.connector.refreshToken(result.tokens, result.metadata);
    const health = await harness.connector.healthCheck({
      ...connectionOf(result),
      accessToken: refreshed.accessToken,
    });
    expect(health.healthy).toBe(true);
  });

  it("a grant revoked by the user: reads say 401 (auth_expired), the refresh says invalid_grant (auth_revoked)", async () => {
    const result = await connect(harness);
    await sim.control("POST", "/_sim/tokens/revoke", { platform: "gbp", userId: grace.sub });
    const read = await caught(harness.connector.healthCheck(connectionOf(result)));
    expect(read).toMatchObject({ kind: "auth_expired", platformCode: "UNAUTHENTICATED", httpStatus: 401 });
    const refresh = await caught(harness.connector.refreshToken(result.tokens, result.metadata));
    expect(refresh).toMatchObject({ kind: "auth_revoked", platformCode: "invalid_grant", retryable: false });
    expect(refresh.message).toContain("Token has been expired or revoked.");
    expect(refresh.message).toContain("7 days");
  });

  it("a Testing-mode app's refresh token dies after 7 days and looks exactly like a revocation", async () => {
    await sim.control("PUT", "/_sim/settings", {
      lifetimes: { gbp: { accessTtlSeconds: 3599, refreshTtlSeconds: 7 * 86_400 } },
    });
    const result = await connect(harness);
    await harness.connector.refreshToken(result.tokens, result.metadata);
    offsetMs = 7 * 86_400_000 + 60_000;
    const error = await caught(harness.connector.refreshToken(result.tokens, result.metadata));
    expect(error).toMatchObject({ kind: "auth_revoked", platformCode: "invalid_grant" });
  });

  it("a connection without a refresh token cannot refresh", async () => {
    const result = await connect(harness);
    const error = await caught(
      harness.connector.refreshToken({ ...result.tokens, refreshToken: null }, result.metadata),
    );
    expect(error).toMatchObject({ kind: "auth_revoked", platformCode: "no_refresh_token" });
  });

  it("revoke ends the grant (access and refresh token); revoking again is fine", async () => {
    const result = await connect(harness);
    await harness.connector.revoke(connectionOf(result));
    expect((await caught(harness.connector.healthCheck(connectionOf(result)))).kind).toBe("auth_expired");
    expect((await caught(harness.connector.refreshToken(result.tokens, result.metadata))).kind).toBe(
      "auth_revoked",
    );
    await expect(harness.connector.revoke(connectionOf(result))).resolves.toBeUndefined();
  });

  it("a token without business.manage is unhealthy: 403 ACCESS_TOKEN_SCOPE_INSUFFICIENT", async () => {
    const result = await connect(harness);
    // a token of the same user with only openid/email, as a stale grant from sign-in would be
    const narrow = createHarness(sim, { scopes: ["openid", "email"] });
    const verifier = createCodeVerifier();
    const location = await consent(narrow, { codeChallenge: codeChallengeS256(verifier) });
    const token = await narrow.http.request({
      platform: "gbp",
      operation: "test.exchange",
      method: "POST",
      url: "https://oauth2.googleapis.com/token",
      body: {
        form: {
          grant_type: "authorization_code",
          code: location.searchParams.get("code") ?? "",
          redirect_uri: redirectUri,
          code_verifier: verifier,
          client_id: "postd-sim-gbp",
          client_secret: "postd-sim-gbp-secret",
        },
      },
    });
    const accessToken = (token.json as { access_token: string }).access_token;
    const health = await harness.connector.healthCheck({ accessToken, connection: result.metadata });
    expect(health).toEqual({
      healthy: false,
      detail: expect.stringContaining("PERMISSION_DENIED/ACCESS_TOKEN_SCOPE_INSUFFICIENT"),
    });
  });
});
