import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type ConnectorError, createHttpClient, systemClock } from "../src/index";
import { createMetaConnector } from "../src/meta/index";
import {
  accessFor,
  ada,
  bakeryInstagram,
  bakeryPage,
  connect,
  consent,
  grace,
  harness,
  metaConfig,
  post,
  publishInput,
  settle,
  startMetaSim,
} from "./meta-harness";
import type { RunningSim } from "./support/sim";

let sim: RunningSim;
beforeAll(async () => {
  sim = await startMetaSim();
});
afterAll(async () => sim.close());
beforeEach(async () => {
  await sim.control("POST", "/_sim/reset");
});

const calls = async () =>
  (await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls")).counts;

describe("meta authorization URL", () => {
  it("is the real Login dialog with comma-separated scopes and no PKCE", () => {
    const connector = createMetaConnector(metaConfig(), {
      http: createHttpClient(),
      clock: systemClock(),
    });
    const url = new URL(connector.buildAuthorizationUrl({ state: "s1", codeChallenge: null }));
    expect(`${url.origin}${url.pathname}`).toBe("https://www.facebook.com/v26.0/dialog/oauth");
    expect(url.searchParams.get("client_id")).toBe("postd-sim-meta");
    expect(url.searchParams.get("redirect_uri")).toBe("https://app.postd.test/api/oauth/meta/callback");
    expect(url.searchParams.get("state")).toBe("s1");
    expect(url.searchParams.get("response_type")).toBe("code");
    expect(url.searchParams.get("scope")).toBe(metaConfig().scopes.join(","));
    expect(url.searchParams.has("code_challenge")).toBe(false);
    expect(connector.capabilities.pkce).toBe(false);
  });

  it("sends a Login for Business config_id instead of scopes when configured", () => {
    const connector = createMetaConnector(metaConfig({ loginConfigId: "cfg_42" }), {
      http: createHttpClient(),
      clock: systemClock(),
    });
    const url = new URL(
      connector.buildAuthorizationUrl({ state: "s", codeChallenge: null, redirectUri: "https://x.test/cb" }),
    );
    expect(url.searchParams.get("config_id")).toBe("cfg_42");
    expect(url.searchParams.has("scope")).toBe(false);
    expect(url.searchParams.get("redirect_uri")).toBe("https://x.test/cb");
  });
});

describe("meta OAuth against the sim", () => {
  it("exchanges the code, then for a long-lived token, and reads the user and grants", async () => {
    const h = harness(sim);
    const { code, state, location } = await consent(h);
    expect(location.searchParams.get("state")).toBe(state);
    const before = Date.now();
    const auth = await h.connector.authenticate({
      code,
      redirectUri: metaConfig().redirectUri,
      codeVerifier: null,
    });
    expect(auth.externalUserId).toBe(ada);
    expect(auth.displayName).toBe("Ada Lovelace");
    expect(auth.metadata).toEqual({ userId: ada });
    expect(auth.tokens.refreshToken).toBeNull();
    const lifetimeDays = ((auth.tokens.expiresAt?.getTime() ?? 0) - before) / 86_400_000;
    expect(lifetimeDays).toBeGreaterThan(59);
    expect(lifetimeDays).toBeLessThan(61);
    expect(auth.tokens.scopes).toEqual(
      expect.arrayContaining(["pages_manage_posts", "instagram_content_publish"]),
    );
    expect((await calls())["GET graph.facebook.com/:version/oauth/access_token"]).toBe(2);
  });

  it("refuses a code used twice (100/36009 → invalid_request)", async () => {
    const h = harness(sim);
    const { code } = await consent(h);
    await h.connector.authenticate({ code, redirectUri: metaConfig().redirectUri, codeVerifier: null });
    const error = (await settle(
      h.connector.authenticate({ code, redirectUri: metaConfig().redirectUri, codeVerifier: null }),
    )) as ConnectorError;
    expect(error.kind).toBe("invalid_request");
    expect(error.platformCode).toBe("100/36009");
  });

  it("fails with permission_denied naming a declined publishing permission", async () => {
    await sim.control("PUT", "/_sim/meta/declined", {
      userId: ada,
      permissions: ["instagram_content_publish"],
    });
    const error = (await settle(connect(harness(sim)))) as ConnectorError;
    expect(error.kind).toBe("permission_denied");
    expect(error.message).toContain("instagram_content_publish");
    expect(error.message).not.toContain("pages_manage_posts");
  });

  it("a denied dialog comes back with error=access_denied and no code", async () => {
    const h = harness(sim);
    const url = h.connector.buildAuthorizationUrl({ state: "st", codeChallenge: null });
    const response = await fetch(`${h.http.resolveUrl(url)}&auto=deny`, { redirect: "manual" });
    const location = new URL(response.headers.get("location") ?? "");
    expect(location.searchParams.get("error")).toBe("access_denied");
    expect(location.searchParams.get("error_reason")).toBe("user_denied");
    expect(location.searchParams.has("code")).toBe(false);
  });
});

describe("meta accounts", () => {
  it("pages through /me/accounts and lists each Page with its token and its Instagram account", async () => {
    const h = harness(sim);
    const { auth, accounts } = await connect(h);
    expect((await calls())["GET graph.facebook.com/:version/me/accounts"]).toBe(2);
    const pages = accounts.filter((a) => a.kind === "facebook_page");
    const instagram = accounts.filter((a) => a.kind === "instagram_account");
    expect(pages.map((p) => p.externalId)).toHaveLength(4);
    expect(instagram.map((i) => i.externalId)).toEqual([bakeryInstagram, "17841400000000002"]);
    const bakery = pages.find((p) => p.externalId === bakeryPage);
    expect(bakery?.accessToken).toMatch(/^simmeta_at_/);
    expect(bakery?.accessToken).not.toBe(auth.tokens.accessToken);
    expect(bakery?.metadata.tasks).toContain("CREATE_CONTENT");
    const ig = instagram[0];
    expect(ig).toMatchObject({ name: "ada.bakery", accessToken: bakery?.accessToken });
    expect(ig?.metadata.pageId).toBe(bakeryPage);
  });

  it("lists another user's Pages only", async () => {
    const { accounts } = await connect(harness(sim), { user: grace });
    expect(accounts.map((a) => a.externalId)).toEqual(["200000000000010", "17841400000000010"]);
  });
});

describe("meta token lifecycle", () => {
  it("refresh re-exchanges the long-lived token for a new one that works", async () => {
    const h = harness(sim);
    const { auth } = await connect(h);
    const refreshed = await h.connector.refreshToken(auth.tokens, auth.metadata);
    expect(refreshed.accessToken).not.toBe(auth.tokens.accessToken);
    expect(refreshed.refreshToken).toBeNull();
    expect(refreshed.scopes).toEqual(auth.tokens.scopes);
    const health = await h.connector.healthCheck({
      accessToken: refreshed.accessToken,
      connection: auth.metadata,
    });
    expect(health.healthy).toBe(true);
  });

  it("refresh of an expired token is auth_expired and not retryable: the user must log in again", async () => {
    const h = harness(sim);
    const { auth } = await connect(h);
    await sim.control("POST", "/_sim/tokens/expire", { token: auth.tokens.accessToken });
    const error = (await settle(h.connector.refreshToken(auth.tokens, auth.metadata))) as ConnectorError;
    expect(error.kind).toBe("auth_expired");
    expect(error.platformCode).toBe("190/463");
    expect(error.retryable).toBe(false);
  });

  it("refresh after the grant was revoked is auth_revoked", async () => {
    const h = harness(sim);
    const { auth } = await connect(h);
    await sim.control("POST", "/_sim/tokens/revoke", { platform: "meta", userId: ada });
    const error = (await settle(h.connector.refreshToken(auth.tokens, auth.metadata))) as ConnectorError;
    expect(error.kind).toBe("auth_revoked");
    expect(error.retryable).toBe(false);
  });

  it("revoke removes the app: the user token and every Page token stop working; revoking again is fine", async () => {
    const h = harness(sim);
    const { auth, accounts } = await connect(h);
    const connection = { accessToken: auth.tokens.accessToken, connection: auth.metadata };
    await h.connector.revoke(connection);
    const health = (await settle(h.connector.healthCheck(connection))) as ConnectorError;
    expect(health.kind).toBe("auth_revoked");
    const { input } = publishInput(post());
    const publish = (await settle(
      h.connector.publish(accessFor(auth, accounts, bakeryPage), input),
    )) as ConnectorError;
    expect(publish.kind).toBe("auth_revoked");
    await expect(h.connector.revoke(connection)).resolves.toBeUndefined();
  });

  it("health check turns unhealthy when a publishing permission is removed later", async () => {
    const h = harness(sim);
    const { auth } = await connect(h);
    const connection = { accessToken: auth.tokens.accessToken, connection: auth.metadata };
    expect((await h.connector.healthCheck(connection)).healthy).toBe(true);
    await sim.control("PUT", "/_sim/meta/declined", { userId: ada, permissions: ["pages_manage_posts"] });
    const health = await h.connector.healthCheck(connection);
    expect(health).toEqual({ healthy: false, detail: expect.stringContaining("pages_manage_posts") });
  });

  it("an expired user token on a plain call is auth_expired (retryable after a refresh attempt)", async () => {
    const h = harness(sim);
    const { auth } = await connect(h);
    await sim.control("POST", "/_sim/tokens/expire", { token: auth.tokens.accessToken });
    const error = (await settle(
      h.connector.healthCheck({ accessToken: auth.tokens.accessToken, connection: auth.metadata }),
    )) as ConnectorError;
    expect(error).toMatchObject({ kind: "auth_expired", platformCode: "190/463", retryable: true });
  });
});
