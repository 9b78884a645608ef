import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { isUnsupportedOperation } from "../src/index";
import { mailchimpCapabilities } from "../src/mailchimp/index";
import {
  accessOf,
  ada,
  bob,
  callCount,
  caught,
  endpoints,
  inject,
  type MailchimpHarness,
  redirectUri,
  startMailchimpHarness,
} from "./mailchimp-harness";

let harness: MailchimpHarness;

beforeAll(async () => {
  harness = await startMailchimpHarness();
});
afterAll(async () => harness.sim.close());
beforeEach(async () => harness.reset());

describe("Mailchimp OAuth against the sim", () => {
  it("builds the real authorization URL: response_type, client id, redirect, state; no scopes, no PKCE", () => {
    const url = new URL(
      harness.connector().buildAuthorizationUrl({ state: "abc", codeChallenge: "ignored" }),
    );
    expect(`${url.origin}${url.pathname}`).toBe("https://login.mailchimp.com/oauth2/authorize");
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: "code",
      client_id: "postd-sim-mailchimp",
      redirect_uri: redirectUri,
      state: "abc",
    });
    expect(mailchimpCapabilities.pkce).toBe(false);
  });

  it("exchanges the code, then reads the data center from the metadata endpoint", async () => {
    const auth = await harness.connect(ada);
    expect(auth.externalUserId).toBe(ada.userId);
    expect(auth.displayName).toBe("Ada's Bakery");
    expect(auth.metadata).toEqual({
      dc: "us19",
      apiEndpoint: ada.apiEndpoint,
      accountName: "Ada's Bakery",
      loginEmail: "ada@bakery.test",
      role: "owner",
    });
    expect(auth.tokens).toMatchObject({
      refreshToken: null,
      expiresAt: null,
      refreshTokenExpiresAt: null,
      scopes: [],
    });
    expect(auth.tokens.accessToken).toMatch(/^simmailchimp_at_/);
    expect(await callCount(harness.sim, endpoints.token)).toBe(1);
    expect(await callCount(harness.sim, endpoints.metadata)).toBe(1);
  });

  it("a user in another data center gets that data center's endpoint, and the same user id on reconnect", async () => {
    const first = await harness.connect(bob);
    expect(first.metadata).toMatchObject({ dc: "us21", apiEndpoint: bob.apiEndpoint });
    const again = await harness.connect(bob);
    expect(again.externalUserId).toBe(first.externalUserId);
    expect(again.tokens.accessToken).not.toBe(first.tokens.accessToken);
  });

  it("a spent code is refused as auth_revoked with Mailchimp's error; a wrong secret as invalid_request", async () => {
    const mailchimp = harness.connector();
    const url = mailchimp.buildAuthorizationUrl({ state: "s", codeChallenge: null });
    const consent = await fetch(`${harness.http.resolveUrl(url)}&auto=approve`, { redirect: "manual" });
    const code = new URL(consent.headers.get("location") ?? "").searchParams.get("code") ?? "";
    await mailchimp.authenticate({ code, redirectUri, codeVerifier: null });
    const spent = await caught(mailchimp.authenticate({ code, redirectUri, codeVerifier: null }));
    expect(spent).toMatchObject({ kind: "auth_revoked", platformCode: "invalid_grant", httpStatus: 400 });
    const wrongSecret = harness.connector({ clientSecret: "nope" });
    const error = await caught(wrongSecret.authenticate({ code: "x", redirectUri, codeVerifier: null }));
    expect(error).toMatchObject({ kind: "invalid_request", platformCode: "invalid_client" });
  });

  it("the metadata endpoint's 200 {error: invalid_token} is auth_revoked", async () => {
    await inject(harness.sim, {
      host: "login.mailchimp.com",
      path: "/oauth2/metadata",
      action: { type: "respond", status: 200, body: { error: "invalid_token" } },
    });
    const error = await caught(harness.connect(ada));
    expect(error).toMatchObject({ kind: "auth_revoked", platformCode: "invalid_token", httpStatus: 200 });
  });

  it("a revoked grant: the metadata endpoint says invalid_token and the health check says unhealthy", async () => {
    const auth = await harness.connect(ada);
    await harness.sim.control("POST", "/_sim/tokens/revoke", { token: auth.tokens.accessToken });
    const health = await harness
      .connector()
      .healthCheck({ accessToken: auth.tokens.accessToken, connection: {} });
    expect(health.healthy).toBe(false);
    expect(health.detail).toContain("invalid_token");
    const withEndpoint = await harness.connector().healthCheck({
      accessToken: auth.tokens.accessToken,
      connection: auth.metadata,
    });
    expect(withEndpoint).toMatchObject({ healthy: false });
    expect(withEndpoint.detail).toContain("API Key Invalid");
  });

  it("refresh and revoke are unsupported, and the capabilities say so", async () => {
    const auth = await harness.connect(ada);
    const mailchimp = harness.connector();
    const refresh = await mailchimp.refreshToken(auth.tokens, auth.metadata).catch((e: unknown) => e);
    const revoke = await mailchimp
      .revoke({ accessToken: auth.tokens.accessToken, connection: auth.metadata })
      .catch((e: unknown) => e);
    expect(isUnsupportedOperation(refresh)).toBe(true);
    expect(isUnsupportedOperation(revoke)).toBe(true);
    expect(mailchimpCapabilities).toMatchObject({ refresh: false, revoke: false, nativeScheduling: true });
    // the token still works: nothing was revoked
    expect(
      (await mailchimp.healthCheck({ accessToken: auth.tokens.accessToken, connection: auth.metadata }))
        .healthy,
    ).toBe(true);
  });
});

describe("Mailchimp audiences and the connection", () => {
  it("fetchAccounts pages /lists by offset until total_items, fetching only the fields kept", async () => {
    const auth = await harness.connect(ada);
    const accounts = await harness.connector({ pageSize: 2 }).fetchAccounts({
      accessToken: auth.tokens.accessToken,
      connection: auth.metadata,
    });
    expect(accounts.map((a) => a.externalId)).toEqual([
      "a19e5d0c01",
      "a19e5d0c02",
      "a19e5d0c03",
      "a19e5d0c04",
      "a19e5d0c05",
    ]);
    expect(accounts[0]).toEqual({
      externalId: "a19e5d0c01",
      name: "Bakery Newsletter",
      kind: "mailchimp_audience",
      accessToken: null,
      metadata: {
        webId: "101",
        memberCount: "1240",
        defaultFromName: "Ada's Bakery",
        defaultFromEmail: "hello@bakery.test",
        defaultSubject: "Fresh from the oven",
        defaultLanguage: "en",
      },
    });
    expect(accounts[2]?.metadata).toEqual({ webId: "103", memberCount: "312", defaultLanguage: "en" });
    expect(await callCount(harness.sim, endpoints.lists)).toBe(3);
    const one = await harness.connector({ pageSize: 100 }).fetchAccounts({
      accessToken: auth.tokens.accessToken,
      connection: auth.metadata,
    });
    expect(one).toHaveLength(5);
    expect(await callCount(harness.sim, endpoints.lists)).toBe(4);
  });

  it("the sim projects `fields` as Mailchimp does: dot paths through arrays, nothing else", async () => {
    const auth = await harness.connect(ada);
    const url = harness.http.resolveUrl(
      `${ada.apiEndpoint}/3.0/lists?count=1&offset=1&fields=lists.id,lists.stats.member_count,total_items`,
    );
    const response = await fetch(url, { headers: { authorization: `Bearer ${auth.tokens.accessToken}` } });
    expect(await response.json()).toEqual({
      lists: [{ id: "a19e5d0c02", stats: { member_count: 86 } }],
      total_items: 5,
    });
  });

  it("Bob's audiences come from his own data center", async () => {
    const auth = await harness.connect(bob);
    const accounts = await harness
      .connector()
      .fetchAccounts({ accessToken: auth.tokens.accessToken, connection: auth.metadata });
    expect(accounts.map((a) => a.externalId)).toEqual([bob.rideClub]);
    expect(await callCount(harness.sim, "GET us21.api.mailchimp.com/3.0/lists")).toBe(1);
  });

  it("a token used on another data center's host is 401 API Key Invalid → auth_revoked", async () => {
    const auth = await harness.connect(ada);
    const wrongDc = {
      accessToken: auth.tokens.accessToken,
      connection: { ...auth.metadata, apiEndpoint: bob.apiEndpoint },
    };
    const error = await caught(harness.connector().fetchAccounts(wrongDc));
    expect(error).toMatchObject({ kind: "auth_revoked", platformCode: "API Key Invalid", httpStatus: 401 });
    expect(error.message).toContain("wrong datacenter");
  });

  it("a connection stored without apiEndpoint (or with a foreign host) asks the metadata endpoint", async () => {
    const auth = await harness.connect(ada);
    const before = await callCount(harness.sim, endpoints.metadata);
    const connection = { ...auth.metadata, apiEndpoint: "https://evil.example.test" };
    const health = await harness
      .connector()
      .healthCheck({ accessToken: auth.tokens.accessToken, connection });
    expect(health).toEqual({ healthy: true, detail: `Everything's Chimpy! (${ada.apiEndpoint})` });
    expect(await callCount(harness.sim, endpoints.metadata)).toBe(before + 1);
  });

  it("getAccountOptions reads the audience's campaign defaults and size", async () => {
    const auth = await harness.connect(ada);
    const options = await harness.connector().getAccountOptions(accessOf(auth));
    expect(options).toEqual({
      kind: "mailchimp_audience",
      options: {
        name: "Bakery Newsletter",
        memberCount: 1240,
        fromName: "Ada's Bakery",
        fromEmail: "hello@bakery.test",
        subject: "Fresh from the oven",
        language: "en",
      },
    });
    const other = await caught(harness.connector().getAccountOptions(accessOf(auth, bob.rideClub)));
    expect(other).toMatchObject({
      kind: "invalid_request",
      platformCode: "Resource Not Found",
      httpStatus: 404,
    });
  });
});
