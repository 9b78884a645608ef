import type { ConnectionView } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";
import { jwtSecret, signHs256 } from "./support/jwt-fixtures";
import {
  type StandInOAuthService,
  type StandInTokenService,
  startStandInOAuthService,
  startStandInTokenService,
} from "./support/stand-in-services";

let harness: GatewayHarness;
let token: StandInTokenService;
let oauth: StandInOAuthService;
let tenant: { tenantId: string; apiKey: string };

beforeAll(async () => {
  harness = await startGatewayHarness({ env: { JWT_SECRET: jwtSecret } });
  const { nc, ns, logger } = harness.gateway.runtime;
  token = await startStandInTokenService({ nc, ns, logger });
  oauth = await startStandInOAuthService({ nc, ns, logger });
  tenant = await harness.createTenant();
});

afterAll(async () => {
  await token?.stop();
  await oauth?.stop();
  await harness?.stop();
});

const auth = () => bearer(tenant.apiKey);

describe("connections", () => {
  it("lists, gets, refreshes and disconnects the tenant's connections through token-service", async () => {
    const connection = token.addConnection({
      tenantId: tenant.tenantId,
      platform: "tiktok",
      kind: "tiktok_account",
    });
    const list = await harness.app.inject({ method: "GET", url: "/api/connections", headers: auth() });
    expect(list.statusCode).toBe(200);
    const { data } = list.json<{ data: ConnectionView[] }>();
    expect(data.map((c) => c.id)).toContain(connection.id);
    expect(data.find((c) => c.id === connection.id)).toMatchObject({
      platform: "tiktok",
      status: "active",
      displayName: expect.any(String),
      scopes: expect.any(Array),
      expiresAt: null,
      lastHealthCheck: null,
      accounts: [
        {
          id: connection.accounts[0]?.id,
          externalId: expect.any(String),
          name: expect.any(String),
          kind: "tiktok_account",
        },
      ],
    });

    const one = await harness.app.inject({
      method: "GET",
      url: `/api/connections/${connection.id}`,
      headers: auth(),
    });
    expect(one.json()).toMatchObject({ id: connection.id });

    const refreshed = await harness.app.inject({
      method: "POST",
      url: `/api/connections/${connection.id}/refresh`,
      headers: auth(),
    });
    expect(refreshed.statusCode).toBe(200);
    expect(token.calls.at(-1)).toEqual({
      verb: "refresh",
      request: { tenantId: tenant.tenantId, connectionId: connection.id },
    });

    const deleted = await harness.app.inject({
      method: "DELETE",
      url: `/api/connections/${connection.id}`,
      headers: auth(),
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    const after = await harness.app.inject({
      method: "GET",
      url: `/api/connections/${connection.id}`,
      headers: auth(),
    });
    expect(after.json()).toMatchObject({ status: "revoked" });
  });

  it("answers an account's options", async () => {
    const connection = token.addConnection({
      tenantId: tenant.tenantId,
      platform: "tiktok",
      kind: "tiktok_account",
    });
    const accountId = connection.accounts[0]?.id ?? "";
    const response = await harness.app.inject({
      method: "GET",
      url: `/api/accounts/${accountId}/options`,
      headers: auth(),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      platform: "tiktok",
      kind: "tiktok_account",
      options: { privacyLevels: ["SELF_ONLY"] },
    });
  });

  it("works the same with a user JWT", async () => {
    const jwt = await signHs256({ sub: "user-9", tenant_id: tenant.tenantId });
    const response = await harness.app.inject({
      method: "GET",
      url: "/api/connections",
      headers: bearer(jwt),
    });
    expect(response.statusCode).toBe(200);
  });
});

describe("OAuth start", () => {
  it("asks oauth-service for the authorization URL, bound to the caller's tenant", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/oauth/linkedin/start",
      headers: auth(),
      payload: { returnTo: "https://app.example.test/connected" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      authorizationUrl: "https://auth.example.test/linkedin/authorize?state=stand-in-state",
      expiresAt: expect.any(String),
    });
    expect(oauth.calls.at(-1)).toEqual({
      verb: "start",
      request: {
        tenantId: tenant.tenantId,
        platform: "linkedin",
        returnTo: "https://app.example.test/connected",
      },
    });
  });

  it("takes a start without a body", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/oauth/gbp/start",
      headers: auth(),
    });
    expect(response.statusCode).toBe(200);
    expect(oauth.calls.at(-1)?.request).toEqual({ tenantId: tenant.tenantId, platform: "gbp" });
  });

  it("is refused with 403 naming the flag when the platform is off for the tenant", async () => {
    const set = await harness.app.inject({
      method: "PUT",
      url: "/api/admin/flags/integration_tiktok",
      headers: bearer(harness.config.ADMIN_API_KEY),
      payload: { enabled: true, rolloutPercentage: 100, tenants: { allow: [], deny: [tenant.tenantId] } },
    });
    expect(set.statusCode).toBe(200);
    const calls = oauth.calls.length;
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/oauth/tiktok/start",
      headers: auth(),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({
      code: "FORBIDDEN",
      detail: expect.stringContaining("integration_tiktok"),
    });
    expect(oauth.calls.length).toBe(calls);
  });
});

describe("OAuth callback", () => {
  const callback = (query: string, headers: Record<string, string> = {}) =>
    harness.app.inject({ method: "GET", url: `/api/oauth/meta/callback?${query}`, headers });

  it("redirects to the returnTo of the outcome with the connection, and never the code or state", async () => {
    oauth.nextOutcome = (request) => ({
      status: "connected",
      returnTo: "https://app.example.test/settings?tab=channels",
      connectionId: "con_0123456789abcdefghjkmnpqrs",
      platform: request.platform,
      errorCode: null,
      message: "connected",
    });
    const response = await callback("code=secret-code-123&state=state-456");
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe(
      "https://app.example.test/settings?tab=channels&status=connected&connectionId=con_0123456789abcdefghjkmnpqrs",
    );
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(`${response.headers.location}${response.body}`).not.toMatch(/secret-code-123|state-456/);
    expect(oauth.calls.at(-1)).toEqual({
      verb: "complete",
      request: { platform: "meta", state: "state-456", code: "secret-code-123" },
    });
  });

  it("redirects with status=error and the code when the user denied", async () => {
    oauth.nextOutcome = (request) => ({
      status: "error",
      returnTo: "https://app.example.test/back",
      connectionId: null,
      platform: request.platform,
      errorCode: "access_denied",
      message: "You declined the permissions POSTD needs.",
    });
    const response = await callback("error=access_denied&error_description=The+user+denied&state=s1");
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("https://app.example.test/back?status=error&code=access_denied");
    expect(oauth.calls.at(-1)?.request).toEqual({
      platform: "meta",
      state: "s1",
      error: "access_denied",
      errorDescription: "The user denied",
    });
  });

  it("shows an escaped page when there is no returnTo", async () => {
    oauth.nextOutcome = (request) => ({
      status: "error",
      returnTo: null,
      connectionId: null,
      platform: request.platform,
      errorCode: "invalid_state",
      message: 'This link has expired <script>alert("x")</script>',
    });
    const response = await callback("code=c&state=unknown");
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("text/html");
    expect(response.headers["content-security-policy"]).toBe(
      "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(response.body).toContain("Meta was not connected");
    expect(response.body).toContain(
      "This link has expired &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
    );
    expect(response.body).not.toContain("<script>");
    expect(response.body).toContain("invalid_state");
  });

  it("shows a success page without returnTo", async () => {
    oauth.nextOutcome = (request) => ({
      status: "connected",
      returnTo: null,
      connectionId: "con_0123456789abcdefghjkmnpqrs",
      platform: request.platform,
      errorCode: null,
      message: "connected",
    });
    const response = await callback("code=c&state=s");
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain("Meta is connected");
  });

  it("never redirects to a returnTo that is not an http(s) URL", async () => {
    for (const returnTo of [
      "javascript:alert(1)",
      "//evil.example",
      "data:text/html,hi",
      "https://u:p@evil.example/",
    ]) {
      oauth.nextOutcome = (request) => ({
        status: "connected",
        returnTo,
        connectionId: "con_0123456789abcdefghjkmnpqrs",
        platform: request.platform,
        errorCode: null,
        message: "connected",
      });
      const response = await callback("code=c&state=s");
      expect(response.statusCode, returnTo).toBe(200);
      expect(response.headers.location).toBeUndefined();
    }
  });

  it("passes the tenant of credentials carried by the callback, so the state must be that tenant's", async () => {
    await callback("code=c&state=s2", auth());
    expect(oauth.calls.at(-1)?.request).toMatchObject({ state: "s2", expectedTenantId: tenant.tenantId });
  });

  it("shows a page when the state is missing, or oauth-service cannot answer", async () => {
    const missing = await callback("code=c");
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain("did not carry the sign-in state");
    await oauth.stop();
    const down = await callback("code=c&state=s3");
    expect(down.statusCode).toBe(503);
    expect(down.body).toContain("oauth-service is not running");
    const { nc, ns, logger } = harness.gateway.runtime;
    oauth = await startStandInOAuthService({ nc, ns, logger });
  });
});
