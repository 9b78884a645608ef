import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminApiKey, bearer, type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";
import { type StandInTokenService, startStandInTokenService } from "./support/stand-in-services";

let harness: GatewayHarness;
let token: StandInTokenService;
let tenant: { tenantId: string; apiKey: string };

beforeAll(async () => {
  harness = await startGatewayHarness({
    env: { BODY_LIMIT_BYTES: "2048", CORS_ORIGINS: "https://app.example.test, https://admin.example.test" },
  });
  const { nc, ns, logger } = harness.gateway.runtime;
  token = await startStandInTokenService({ nc, ns, logger });
  tenant = await harness.createTenant();
});

afterAll(async () => {
  await token?.stop();
  await harness?.stop();
});

const auth = () => bearer(tenant.apiKey);

describe("bodies", () => {
  it("answers 413 problem for a body over BODY_LIMIT_BYTES, and writes nothing", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/admin/tenants",
      headers: { ...bearer(adminApiKey), "content-type": "application/json" },
      payload: JSON.stringify({ name: "x".repeat(4096) }),
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: "PAYLOAD_TOO_LARGE", status: 413 });
    const [row] = await harness.gateway.runtime.database
      .sql`select count(*)::int as n from gateway.tenants where length(name) > 1000`;
    expect(row?.n).toBe(0);
  });

  it("answers 415 problem for a body that is not JSON on a JSON route", async () => {
    for (const contentType of ["text/plain", "application/x-www-form-urlencoded", "application/xml"]) {
      const response = await harness.app.inject({
        method: "POST",
        url: "/api/oauth/meta/start",
        headers: { ...auth(), "content-type": contentType },
        payload: "returnTo=https://evil.example",
      });
      expect(response.statusCode, contentType).toBe(415);
      expect(response.headers["content-type"]).toContain("application/problem+json");
      expect(response.json()).toMatchObject({ code: "UNSUPPORTED_MEDIA_TYPE" });
    }
  });

  it("answers 400 with every bad field named", async () => {
    const response = await harness.app.inject({
      method: "PUT",
      url: "/api/admin/flags/integration_meta",
      headers: bearer(adminApiKey),
      payload: { enabled: "yes", rolloutPercentage: 140, tenants: { allow: [] } },
    });
    expect(response.statusCode).toBe(400);
    const problem = response.json<{ code: string; errors: Array<{ path: string }> }>();
    expect(problem.code).toBe("VALIDATION");
    expect(problem.errors.map((e) => e.path).sort()).toEqual(
      ["body.enabled", "body.rolloutPercentage", "body.tenants.deny"].sort(),
    );
  });

  it("answers 400 for invalid JSON", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/admin/tenants",
      headers: { ...bearer(adminApiKey), "content-type": "application/json" },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: "VALIDATION" });
  });
});

describe("paths", () => {
  it("answers 404 naming the platforms for an unknown platform", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/oauth/myspace/start",
      headers: auth(),
    });
    expect(response.statusCode).toBe(404);
    expect(response.json<{ detail: string }>().detail).toBe(
      'unknown platform "myspace"; the platforms are meta, linkedin, tiktok, gbp, mailchimp',
    );
  });

  it("answers 404 for malformed ids, like a missing or foreign one (nothing is asked of token-service)", async () => {
    const before = token.calls.length;
    for (const url of [
      "/api/connections/abc",
      "/api/connections/acc_00000000000000000000000000",
      "/api/accounts/con_1/options",
    ]) {
      const response = await harness.app.inject({ method: "GET", url, headers: auth() });
      expect(response.statusCode, url).toBe(404);
      expect(response.json()).toMatchObject({ code: "NOT_FOUND" });
    }
    expect(token.calls.length).toBe(before);
  });

  it("answers 404 for another tenant's connection exactly like a missing one", async () => {
    const other = await harness.createTenant("Other");
    const foreign = token.addConnection({
      tenantId: other.tenantId,
      platform: "meta",
      kind: "facebook_page",
    });
    const missing = "con_00000000000000000000000000";
    const a = await harness.app.inject({
      method: "GET",
      url: `/api/connections/${foreign.id}`,
      headers: auth(),
    });
    const b = await harness.app.inject({
      method: "GET",
      url: `/api/connections/${missing}`,
      headers: auth(),
    });
    expect([a.statusCode, b.statusCode]).toEqual([404, 404]);
    expect(a.json<{ detail: string }>().detail.replace(foreign.id, "ID")).toBe(
      b.json<{ detail: string }>().detail.replace(missing, "ID"),
    );
  });
});

describe("services that are not running", () => {
  it("answers 503 'health-service is not running' for a health check", async () => {
    const mine = token.addConnection({
      tenantId: tenant.tenantId,
      platform: "linkedin",
      kind: "linkedin_member",
    });
    const response = await harness.app.inject({
      method: "POST",
      url: `/api/connections/${mine.id}/health-check`,
      headers: auth(),
    });
    expect(response.statusCode).toBe(503);
    expect(response.headers["retry-after"]).toBe("5");
    expect(response.json()).toMatchObject({
      code: "UNAVAILABLE",
      detail: "health-service is not running; try again later",
    });
  });

  it("answers 503 when oauth-service is not running", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/oauth/tiktok/start",
      headers: auth(),
    });
    expect(response.statusCode).toBe(503);
    expect(response.json<{ detail: string }>().detail).toContain("oauth-service is not running");
  });
});

describe("browsers", () => {
  it("answers a CORS preflight from a configured origin without credentials", async () => {
    const response = await harness.app.inject({
      method: "OPTIONS",
      url: "/api/connections",
      headers: {
        origin: "https://app.example.test",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
    });
    expect(response.statusCode).toBe(204);
    expect(response.headers["access-control-allow-origin"]).toBe("https://app.example.test");
    expect(String(response.headers["access-control-allow-headers"])).toContain("authorization");
  });

  it("gives no CORS grant to other origins", async () => {
    const response = await harness.app.inject({
      method: "GET",
      url: "/api/connections",
      headers: { ...auth(), origin: "https://evil.example.test" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["access-control-allow-origin"]).toBeUndefined();
  });

  it("sends security headers on answers and on errors", async () => {
    for (const response of [
      await harness.app.inject({ method: "GET", url: "/api/health/live" }),
      await harness.app.inject({ method: "GET", url: "/api/connections" }),
    ]) {
      expect(response.headers["referrer-policy"]).toBe("no-referrer");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.headers["content-security-policy"]).toContain("default-src 'none'");
      expect(response.headers["strict-transport-security"]).toBeDefined();
      expect(response.headers["x-request-id"]).toMatch(/^req_/);
    }
  });
});

describe("OpenAPI", () => {
  it("documents every API route with its security, as OpenAPI 3.1", async () => {
    const response = await harness.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const document = response.json<{
      openapi: string;
      paths: Record<string, Record<string, { security?: unknown[] }>>;
      components: { securitySchemes: Record<string, unknown> };
    }>();
    expect(document.openapi).toBe("3.1.0");
    expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
      "adminKey",
      "apiKey",
      "userJwt",
    ]);
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const routes = harness.app.routeCatalog.filter((r) => r.method !== "HEAD");
    for (const route of routes) {
      const path = route.url.replace(/:([A-Za-z]+)/g, "{$1}");
      expect(documented, `${route.method} ${route.url}`).toContain(`${route.method} ${path}`);
    }
    expect(document.paths["/api/connections"]?.get?.security).toEqual([{ apiKey: [] }, { userJwt: [] }]);
    expect(document.paths["/api/admin/tenants"]?.post?.security).toEqual([{ adminKey: [] }]);
    expect(document.paths["/api/health/live"]?.get?.security).toEqual([]);
  });

  it("serves Swagger UI at /docs", async () => {
    const response = await harness.app.inject({ method: "GET", url: "/docs/" });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/html");
    expect(response.body).toContain("swagger");
  });
});
