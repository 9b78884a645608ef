import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isUnsupportedOperation } from "../src/index";
import { linkedInCapabilities } from "../src/linkedin/index";
import {
  ada,
  bob,
  connectorError,
  currentApiVersion,
  type LinkedInHarness,
  redirectUri,
  startLinkedInHarness,
} from "./linkedin-harness";

let harness: LinkedInHarness;

beforeAll(async () => {
  harness = await startLinkedInHarness();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => harness.reset());

describe("LinkedIn OAuth against the sim", () => {
  it("builds the real authorization URL with state and space-separated scopes, and no PKCE", () => {
    const url = new URL(
      harness.connector().buildAuthorizationUrl({ state: "abc", codeChallenge: "ignored-challenge" }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://www.linkedin.com/oauth/v2/authorization");
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("client_id")).toBe("postd-sim-linkedin");
    expect(url.searchParams.get("redirect_uri")).toBe(redirectUri);
    expect(url.searchParams.get("state")).toBe("abc");
    expect(url.searchParams.get("scope")).toContain("openid profile w_member_social");
    expect(url.search).toContain("scope=openid%20profile%20");
    expect(url.searchParams.has("code_challenge")).toBe(false);
    expect(linkedInCapabilities.pkce).toBe(false);
  });

  it("exchanges the code for tokens and identifies the member", async () => {
    const auth = await harness.connect(ada);
    expect(auth.externalUserId).toBe(ada.sub);
    expect(auth.displayName).toBe("Ada Lovelace");
    expect(auth.metadata).toEqual({ memberUrn: ada.urn });
    expect(auth.tokens.accessToken).toMatch(/^simlinkedin_at_/);
    expect(auth.tokens.refreshToken).toMatch(/^simlinkedin_rt_/);
    const day = 86_400_000;
    expect(auth.tokens.expiresAt?.getTime()).toBeGreaterThan(Date.now() + 59 * day);
    expect(auth.tokens.refreshTokenExpiresAt?.getTime()).toBeGreaterThan(Date.now() + 364 * day);
    expect(auth.tokens.scopes).toContain("w_organization_social");
  });

  it("a denied consent and an unknown scope come back to the redirect URI with LinkedIn's errors", async () => {
    const consentOf = async (scopes?: string[]) => {
      const url = harness
        .connector(scopes ? { scopes } : {})
        .buildAuthorizationUrl({ state: "s1", codeChallenge: null });
      const answer = await fetch(`${harness.http.resolveUrl(url)}&auto=deny`, { redirect: "manual" });
      return new URL(answer.headers.get("location") ?? "");
    };
    const denied = await consentOf();
    expect(denied.searchParams.get("error")).toBe("user_cancelled_authorize");
    expect(denied.searchParams.get("state")).toBe("s1");
    const unknown = await consentOf(["openid", "r_everything"]);
    expect(unknown.searchParams.get("error")).toBe("unauthorized_scope_error");
  });

  it("a code used twice is refused as auth_revoked (the member must consent again)", async () => {
    const linkedIn = harness.connector();
    const url = linkedIn.buildAuthorizationUrl({ state: "s", codeChallenge: null });
    const consent = await fetch(`${harness.http.resolveUrl(url)}&auto=approve`, { redirect: "manual" });
    const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
    await linkedIn.authenticate({ code, redirectUri, codeVerifier: null });
    const error = await connectorError(linkedIn.authenticate({ code, redirectUri, codeVerifier: null }));
    expect(error.kind).toBe("auth_revoked");
    expect(error.platformCode).toBe("invalid_request");
  });

  it("a wrong client secret is a configuration problem, not a revoked grant", async () => {
    const auth = await harness.connect(ada);
    const error = await connectorError(
      harness.connector({ clientSecret: "wrong" }).refreshToken(auth.tokens, auth.metadata),
    );
    expect(error.kind).toBe("invalid_request");
    expect(error.platformCode).toBe("invalid_client");
  });

  it("fetches the member and every organization they may post for, across pages", async () => {
    const auth = await harness.connect(ada);
    const accounts = await harness.connector({ pageSize: 2 }).fetchAccounts({
      accessToken: auth.tokens.accessToken,
      connection: auth.metadata,
    });
    expect(accounts.map((a) => [a.kind, a.externalId, a.name])).toEqual([
      ["linkedin_member", ada.urn, "Ada Lovelace"],
      ["linkedin_organization", "urn:li:organization:1001", "Analytical Engines Ltd"],
      ["linkedin_organization", "urn:li:organization:1002", "Difference Works"],
      ["linkedin_organization", "urn:li:organization:1003", "Lovelace Labs"],
      ["linkedin_organization", "urn:li:organization:1004", "Byron Poetry Society"],
    ]);
    expect(accounts[4]?.metadata.role).toBe("CONTENT_ADMIN");
    // 3 administrator ACLs over pages of 2 → 2 calls; 1 content-admin ACL → 1 call.
    const calls = await harness.sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
    expect(calls.counts["GET api.linkedin.com/rest/organizationAcls"]).toBe(3);
  });

  it("a member who administers nothing, or did not grant organization scopes, gets only themself", async () => {
    const bobAuth = await harness.connect(bob);
    const bobAccounts = await harness
      .connector()
      .fetchAccounts({ accessToken: bobAuth.tokens.accessToken, connection: {} });
    expect(bobAccounts.map((a) => a.externalId)).toEqual([bob.urn]);

    const narrow = await harness.connect(ada, ["openid", "profile", "w_member_social"]);
    const adaAccounts = await harness
      .connector()
      .fetchAccounts({ accessToken: narrow.tokens.accessToken, connection: {} });
    expect(adaAccounts.map((a) => a.kind)).toEqual(["linkedin_member"]);
  });

  it("refresh keeps the (non-rotating) refresh token and never extends its expiry", async () => {
    const auth = await harness.connect(ada);
    harness.advanceSim(10 * 86_400_000);
    const refreshed = await harness.connector().refreshToken(auth.tokens, auth.metadata);
    expect(refreshed.accessToken).not.toBe(auth.tokens.accessToken);
    expect(refreshed.refreshToken).toBe(auth.tokens.refreshToken);
    expect(refreshed.refreshTokenExpiresAt?.getTime()).toBeLessThanOrEqual(
      auth.tokens.refreshTokenExpiresAt?.getTime() ?? 0,
    );
    const health = await harness
      .connector()
      .healthCheck({ accessToken: refreshed.accessToken, connection: {} });
    expect(health.healthy).toBe(true);
  });

  it("an expired access token is auth_expired and a refresh fixes it", async () => {
    const auth = await harness.connect(ada);
    await harness.sim.control("POST", "/_sim/tokens/expire", { token: auth.tokens.accessToken });
    const linkedIn = harness.connector();
    const error = await connectorError(
      linkedIn.fetchAccounts({ accessToken: auth.tokens.accessToken, connection: {} }),
    );
    expect(error.kind).toBe("auth_expired");
    expect(error.platformCode).toBe("EXPIRED_ACCESS_TOKEN/65602");
    const refreshed = await linkedIn.refreshToken(auth.tokens, auth.metadata);
    expect(await linkedIn.fetchAccounts({ accessToken: refreshed.accessToken, connection: {} })).toHaveLength(
      5,
    );
  });

  it("a revoked grant is auth_revoked for calls and refreshes, and the health check says unhealthy", async () => {
    const auth = await harness.connect(ada);
    await harness.sim.control("POST", "/_sim/tokens/revoke", { platform: "linkedin", userId: ada.sub });
    const linkedIn = harness.connector();
    const call = await connectorError(
      linkedIn.fetchAccounts({ accessToken: auth.tokens.accessToken, connection: {} }),
    );
    expect(call.kind).toBe("auth_revoked");
    expect(call.platformCode).toBe("REVOKED_ACCESS_TOKEN/65601");
    const refresh = await connectorError(linkedIn.refreshToken(auth.tokens, auth.metadata));
    expect(refresh.kind).toBe("auth_revoked");
    expect(refresh.platformCode).toBe("invalid_grant");
    const health = await linkedIn.healthCheck({ accessToken: auth.tokens.accessToken, connection: {} });
    expect(health).toMatchObject({ healthy: false });
    expect(health.detail).toContain("auth_revoked");
  });

  it("an expired refresh token (365 days after consent) is auth_revoked", async () => {
    const auth = await harness.connect(ada);
    harness.advanceSim(366 * 86_400_000);
    const error = await connectorError(harness.connector().refreshToken(auth.tokens, auth.metadata));
    expect(error.kind).toBe("auth_revoked");
  });

  it("without a refresh token (non-partner apps) a refresh is auth_revoked without a call", async () => {
    const auth = await harness.connect(ada);
    const error = await connectorError(
      harness.connector().refreshToken({ ...auth.tokens, refreshToken: null }, auth.metadata),
    );
    expect(error).toMatchObject({ kind: "auth_revoked", platformCode: "no_refresh_token" });
  });

  it("an unknown token is auth_expired (one forced refresh settles it)", async () => {
    const error = await connectorError(
      harness.connector().fetchAccounts({ accessToken: "not-a-token", connection: {} }),
    );
    expect(error).toMatchObject({ kind: "auth_expired", platformCode: "INVALID_ACCESS_TOKEN/65600" });
  });

  it("revoke is unsupported and the capabilities say so", async () => {
    const auth = await harness.connect(ada);
    const error = await harness
      .connector()
      .revoke({ accessToken: auth.tokens.accessToken, connection: {} })
      .catch((e: unknown) => e);
    expect(isUnsupportedOperation(error)).toBe(true);
    expect(linkedInCapabilities).toMatchObject({
      revoke: false,
      refresh: true,
      delete: true,
      webhooks: true,
    });
  });

  it("a retired LinkedIn-Version is invalid_request telling the operator what to change", async () => {
    const auth = await harness.connect(ada);
    const error = await connectorError(
      harness
        .connector({ apiVersion: "202301" })
        .fetchAccounts({ accessToken: auth.tokens.accessToken, connection: {} }),
    );
    expect(error.kind).toBe("invalid_request");
    expect(error.httpStatus).toBe(426);
    expect(error.platformCode).toBe("NONEXISTENT_VERSION");
    expect(error.message).toContain("Requested version 20230101 is not active");
    expect(error.message).toContain("LINKEDIN_API_VERSION");
    expect(currentApiVersion()).toMatch(/^\d{6}$/);
  });
});
