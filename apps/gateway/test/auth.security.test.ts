import type { HttpServer } from "@postd/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adminApiKey, bearer, type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";
import { type JwksServer, jwtSecret, signHs256, startJwksServer } from "./support/jwt-fixtures";
import { type StandInTokenService, startStandInTokenService } from "./support/stand-in-services";

let harness: GatewayHarness;
let token: StandInTokenService;
let jwks: JwksServer;

beforeAll(async () => {
  harness = await startGatewayHarness({ env: { JWT_SECRET: jwtSecret } });
  const { nc, ns, logger } = harness.gateway.runtime;
  token = await startStandInTokenService({ nc, ns, logger });
  jwks = await startJwksServer();
});

afterAll(async () => {
  await token?.stop();
  await jwks?.close();
  await harness?.stop();
});

/** A concrete URL for a route pattern: every `:param` gets a plausible value. */
function concrete(url: string): string {
  return url.replace(/:platform/g, "meta").replace(/:[A-Za-z]+/g, "con_00000000000000000000000000");
}

const listConnections = (app: HttpServer, headers: Record<string, string>) =>
  app.inject({ method: "GET", url: "/api/connections", headers });

describe("routes without credentials", () => {
  it("answer 401 problem+json on every protected route, listed from the registered routes", async () => {
    const protectedRoutes = harness.app.routeCatalog.filter(
      (r) => r.auth === "tenant" || r.auth === "admin" || r.auth === "operator",
    );
    // The issue's routes: a catalog that lost them must not pass by being empty.
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(14);
    for (const route of protectedRoutes) {
      const response = await harness.app.inject({ method: route.method as "GET", url: concrete(route.url) });
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      expect(response.headers["www-authenticate"]).toBe('Bearer realm="postd"');
      if (route.method !== "HEAD") {
        expect(response.headers["content-type"]).toContain("application/problem+json");
        expect(response.json()).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
      }
    }
  });

  it("answer 401 to malformed, unknown and wrong-kind credentials", async () => {
    const { apiKey } = await harness.createTenant();
    const cases: Array<Record<string, string>> = [
      { authorization: "Bearer" },
      { authorization: "Basic dXNlcjpwYXNz" },
      { authorization: `Bearer postd_live_${"A".repeat(43)}` },
      { authorization: "Bearer not-a-token" },
      { authorization: `Bearer ${apiKey}x` },
      bearer(adminApiKey), // the admin key is not a tenant credential
    ];
    for (const headers of cases) {
      expect((await listConnections(harness.app, headers)).statusCode, JSON.stringify(headers)).toBe(401);
    }
    const admin = await harness.app.inject({
      method: "GET",
      url: "/api/admin/flags",
      headers: bearer(apiKey),
    });
    expect(admin.statusCode).toBe(401);
  });

  it("leave the public routes open", async () => {
    expect((await harness.app.inject({ method: "GET", url: "/api/health/live" })).statusCode).toBe(200);
    expect((await harness.app.inject({ method: "GET", url: "/docs/json" })).statusCode).toBe(200);
    const unknownPath = await harness.app.inject({ method: "GET", url: "/api/nothing-here" });
    expect(unknownPath.statusCode).toBe(401); // an anonymous caller learns nothing about which routes exist
  });
});

describe("API keys", () => {
  it("rotate: a second key works beside the first, and a revoked key is refused from then on", async () => {
    const { tenantId, apiKey: first, keyId: firstId } = await harness.createTenant("Rotating");
    expect(first).toMatch(/^postd_live_[A-Za-z0-9_-]{43}$/);
    const created = await harness.app.inject({
      method: "POST",
      url: `/api/admin/tenants/${tenantId}/api-keys`,
      headers: bearer(adminApiKey),
    });
    expect(created.statusCode).toBe(201);
    const second = created.json<{ keyId: string; apiKey: string }>();
    expect(second.apiKey).not.toBe(first);

    expect((await listConnections(harness.app, bearer(first))).statusCode).toBe(200);
    expect((await listConnections(harness.app, bearer(second.apiKey))).statusCode).toBe(200);

    const revoked = await harness.app.inject({
      method: "DELETE",
      url: `/api/admin/tenants/${tenantId}/api-keys/${firstId}`,
      headers: bearer(adminApiKey),
    });
    expect(revoked.statusCode).toBe(204);
    expect((await listConnections(harness.app, bearer(first))).statusCode).toBe(401);
    expect((await listConnections(harness.app, bearer(second.apiKey))).statusCode).toBe(200);
  });

  it("are stored as SHA-256 only, with a display prefix and the last use", async () => {
    const { apiKey, keyId } = await harness.createTenant("Hashed");
    await listConnections(harness.app, bearer(apiKey));
    const rows = await harness.gateway.runtime.database.sql<
      { key_hash: string; prefix: string; last_used_at: string | null }[]
    >`select key_hash, prefix, last_used_at from gateway.api_keys where id = ${keyId}`;
    const [row] = rows;
    expect(row?.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row?.prefix).toBe(apiKey.slice(0, 15));
    expect(Date.parse(String(row?.last_used_at))).toBeGreaterThan(Date.now() - 60_000);
    const dump = await harness.gateway.runtime.database.sql`select * from gateway.api_keys`;
    expect(JSON.stringify(dump)).not.toContain(apiKey.slice(15));
  });

  it("cannot be revoked through another tenant", async () => {
    const a = await harness.createTenant("A");
    const b = await harness.createTenant("B");
    const response = await harness.app.inject({
      method: "DELETE",
      url: `/api/admin/tenants/${b.tenantId}/api-keys/${a.keyId}`,
      headers: bearer(adminApiKey),
    });
    expect(response.statusCode).toBe(404);
    expect((await listConnections(harness.app, bearer(a.apiKey))).statusCode).toBe(200);
  });
});

describe("JWT sessions", () => {
  it("accept an HS256 token naming a known tenant, and refuse bad signatures, expiry and unknown tenants", async () => {
    const { tenantId } = await harness.createTenant("Jwt");
    const valid = await signHs256({ sub: "user-1", tenant_id: tenantId });
    expect((await listConnections(harness.app, bearer(valid))).statusCode).toBe(200);

    const refused = [
      await signHs256(
        { sub: "user-1", tenant_id: tenantId },
        { secret: "another-secret-of-enough-length-000000" },
      ),
      await signHs256({ sub: "user-1", tenant_id: tenantId }, { expiresIn: "-2m" }),
      await signHs256({ sub: "user-1", tenant_id: "ten_00000000000000000000000000" }),
      await signHs256({ sub: "user-1" }),
    ];
    for (const jwt of refused) expect((await listConnections(harness.app, bearer(jwt))).statusCode).toBe(401);
  });

  it("read a Supabase-style nested tenant claim and check issuer and audience", async () => {
    const { tenantId } = await harness.createTenant("Supabase");
    const app = await harness.buildVariant({
      JWT_SECRET: jwtSecret,
      JWT_TENANT_CLAIM: "app_metadata.tenant_id",
      JWT_ISSUER: "https://project.supabase.co/auth/v1",
      JWT_AUDIENCE: "authenticated",
    });
    const claims = { sub: "u-2", app_metadata: { tenant_id: tenantId }, role: "authenticated" };
    const good = await signHs256({
      ...claims,
      iss: "https://project.supabase.co/auth/v1",
      aud: "authenticated",
    });
    const wrongIssuer = await signHs256({
      ...claims,
      iss: "https://elsewhere.example",
      aud: "authenticated",
    });
    const wrongAudience = await signHs256({
      ...claims,
      iss: "https://project.supabase.co/auth/v1",
      aud: "anon",
    });
    expect((await listConnections(app, bearer(good))).statusCode).toBe(200);
    expect((await listConnections(app, bearer(wrongIssuer))).statusCode).toBe(401);
    expect((await listConnections(app, bearer(wrongAudience))).statusCode).toBe(401);
    await app.close();
  });

  it("verify RS256 tokens against a JWKS URL", async () => {
    const { tenantId } = await harness.createTenant("Jwks");
    const app = await harness.buildVariant({ JWT_SECRET: "", JWT_JWKS_URL: jwks.url }); // blank = unset
    const good = await jwks.sign({ sub: "u-3", tenant_id: tenantId });
    expect((await listConnections(app, bearer(good))).statusCode).toBe(200);
    expect(jwks.fetches()).toBeGreaterThanOrEqual(1);
    // An HS256 token is refused when only a JWKS is configured (no algorithm confusion).
    const hs = await signHs256({ sub: "u-3", tenant_id: tenantId });
    expect((await listConnections(app, bearer(hs))).statusCode).toBe(401);
    const tampered = `${good.slice(0, -4)}AAAA`;
    expect((await listConnections(app, bearer(tampered))).statusCode).toBe(401);
    await app.close();
  });
});

describe("rate limit", () => {
  it("answers 429 with Retry-After once a tenant passes its per-minute budget, other tenants unaffected", async () => {
    // A fixed clock in the middle of a minute: the window cannot roll over during the test.
    const middleOfAMinute = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
    const app = await harness.buildVariant({ RATE_LIMIT_PER_MINUTE: "3" }, { now: () => middleOfAMinute });
    const busy = await harness.createTenant("Busy");
    const quiet = await harness.createTenant("Quiet");
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await listConnections(app, bearer(busy.apiKey))).statusCode);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await listConnections(app, bearer(busy.apiKey));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers["retry-after"]).toBe("30");
    expect(limited.json()).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect((await listConnections(app, bearer(quiet.apiKey))).statusCode).toBe(200);
    await app.close();
  });
});
