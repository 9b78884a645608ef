import { newId } from "@postd/contracts";
import fc from "fast-check";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteEntry } from "../../src/http/fastify-types";
import { type FuzzRequest, fuzzRequests, type OpenApiDocument } from "./support/fuzz-requests";
import { expectProblem, problemDefect } from "./support/problem";
import {
  concreteUrl,
  idKindOf,
  isWebhookIngress,
  ownedId,
  takesBody,
  type UrlValues,
  validBodyFor,
} from "./support/route-urls";
import { createRowCounter, type RowCounter, tablesThatGrew } from "./support/row-counts";
import { type SweepSystem, startSweepSystem, type Tenant } from "./support/sweep-system";
import { createTenantObjects, expectJson, type TenantObjects } from "./support/tenant-fixtures";

/** fast-check runs per route: enough to reach every validation branch, few enough for a two-minute file. */
const runsPerRoute = Number(process.env.SWEEP_RUNS_PER_ROUTE ?? 50);

let sweep: SweepSystem;
let a: TenantObjects;
let b: Tenant;
let rows: RowCounter;
let openApi: OpenApiDocument;

beforeAll(async () => {
  sweep = await startSweepSystem();
  const tenantA = await sweep.createTenant("Tenant A");
  b = await sweep.createTenant("Tenant B");
  a = await createTenantObjects(sweep, tenantA);
  rows = await createRowCounter(sweep.sql);
  openApi = (await sweep.inject({ method: "GET", url: "/docs/json" })).json<OpenApiDocument>();
}, 240_000);

afterAll(async () => sweep?.stop(), 60_000);

const catalog = (): readonly RouteEntry[] => sweep.app.routeCatalog;
const label = (route: RouteEntry) => `${route.method} ${route.url}`;

/** The key a route is called with: the admin key for admin routes, tenant A's key otherwise, none if public. */
function keyFor(route: RouteEntry, tenant: Tenant = a.tenant): string | undefined {
  if (route.auth === "admin") return sweep.adminKey;
  if (route.auth === "public") return undefined;
  return tenant.apiKey;
}

/** Webhook refusals come from many addresses, so the flood limit (tested apart) does not answer for them. */
let nextAddress = 0;
const remoteAddress = () =>
  `10.${(++nextAddress >> 16) & 255}.${(nextAddress >> 8) & 255}.${nextAddress & 255}`;

function call(route: RouteEntry, request: FuzzRequest, key?: string): Promise<LightMyRequestResponse> {
  return sweep.inject({
    method: route.method as "GET",
    url: request.url,
    headers: request.headers,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
    ...(key ? { key } : {}),
    remoteAddress: remoteAddress(),
  });
}

describe("every protected route without credentials", () => {
  it("answers 401 problem+json with WWW-Authenticate, before reading the body", async () => {
    const protectedRoutes = catalog().filter(
      (route) => route.auth !== "public" && route.auth !== "optional-tenant",
    );
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(40);
    const before = await rows.count();
    for (const route of protectedRoutes) {
      for (const headers of [
        {},
        { authorization: "Bearer " },
        { authorization: `Basic ${btoa(`x:${a.tenant.apiKey}`)}` },
      ]) {
        const response = await sweep.inject({
          method: route.method as "GET",
          url: concreteUrl(route, {
            id: idKindOf(route) ? ownedId(a, idKindOf(route) ?? "tenant") : undefined,
          }),
          headers: { ...headers, ...(takesBody(route) ? { "content-type": "application/json" } : {}) },
          ...(takesBody(route) ? { payload: "{" } : {}), // a broken body: authentication comes first
        });
        expectProblem(response, 401, { code: "UNAUTHENTICATED", what: label(route), method: route.method });
        expect(response.headers["www-authenticate"], label(route)).toBe('Bearer realm="postd"');
      }
    }
    expect(tablesThatGrew(before, await rows.count())).toEqual([]);
  });
});

describe("another tenant's ids", () => {
  it("answer 404 exactly like a missing id on every route that names one, and change nothing", async () => {
    const named = catalog().filter((route) => idKindOf(route) !== null && route.auth !== "admin");
    expect(named.length).toBeGreaterThanOrEqual(20);
    const before = await rows.count();
    for (const route of named) {
      const kind = idKindOf(route) ?? "tenant";
      const foreignId = ownedId(a, kind);
      const missingId = newId(kind);
      const body = validBodyFor(route);
      const ask = (id: string) =>
        sweep.inject({
          method: route.method as "GET",
          url: concreteUrl(route, { id }),
          key: b.apiKey,
          ...(body ? { payload: body } : {}),
        });
      const foreign = await ask(foreignId);
      const missing = await ask(missingId);
      expectProblem(foreign, 404, {
        code: "NOT_FOUND",
        what: `${label(route)} foreign`,
        method: route.method,
      });
      expectProblem(missing, 404, {
        code: "NOT_FOUND",
        what: `${label(route)} missing`,
        method: route.method,
      });
      if (route.method !== "HEAD") {
        const detail = (response: LightMyRequestResponse, id: string) =>
          response.json<{ detail: string }>().detail.replaceAll(id, "<id>");
        expect(detail(foreign, foreignId), label(route)).toBe(detail(missing, missingId));
      }
    }
    expect(tablesThatGrew(before, await rows.count())).toEqual([]);
    await expectTenantObjectsIntact();
  });

  it("on the admin routes: tenant A's API key revoked under tenant B is 404, and the key still works", async () => {
    const response = await sweep.inject({
      method: "DELETE",
      url: `/api/admin/tenants/${b.tenantId}/api-keys/${a.tenant.keyId}`,
      key: sweep.adminKey,
    });
    expectProblem(response, 404, { code: "NOT_FOUND" });
    expect(
      (await sweep.inject({ method: "GET", url: "/api/connections", key: a.tenant.apiKey })).statusCode,
    ).toBe(200);
  });
});

/** Tenant A's objects are all still there and unchanged in state after B's attempts. */
async function expectTenantObjectsIntact(): Promise<void> {
  const connection = await expectJson<{ status: string }>(
    sweep,
    a.tenant,
    "GET",
    `/api/connections/${a.connectionId}`,
  );
  expect(connection.status).toBe("active");
  const post = await expectJson<{ status: string; text: string }>(
    sweep,
    a.tenant,
    "GET",
    `/api/posts/${a.postId}`,
  );
  expect(post.status).toBe("published");
  const letters = await expectJson<{ data: Array<{ id: string }> }>(
    sweep,
    a.tenant,
    "GET",
    "/api/dead-letters",
  );
  expect(letters.data.map((letter) => letter.id)).toContain(a.deadLetterId);
  const endpoint = await expectJson<{ description: string | null }>(
    sweep,
    a.tenant,
    "GET",
    `/api/webhook-endpoints/${a.webhookEndpointId}`,
  );
  expect(endpoint.description).not.toBe("sweep");
}

describe("bodies", () => {
  it("over BODY_LIMIT_BYTES answer 413 problem on every route that reads one, and nothing is written", async () => {
    const limit = sweep.gateway.deps.config.BODY_LIMIT_BYTES;
    const withBody = catalog().filter((route) => takesBody(route) || route.method === "DELETE");
    const before = await rows.count();
    for (const route of withBody) {
      const mailchimp = route.url.startsWith("/api/webhooks/mailchimp");
      const payload = mailchimp ? `type=${"x".repeat(limit)}` : JSON.stringify({ text: "x".repeat(limit) });
      const key = keyFor(route);
      const response = await sweep.inject({
        method: route.method as "POST",
        url: concreteUrl(route),
        headers: { "content-type": mailchimp ? "application/x-www-form-urlencoded" : "application/json" },
        payload,
        ...(key ? { key } : {}),
        remoteAddress: remoteAddress(),
      });
      expectProblem(response, 413, { code: "PAYLOAD_TOO_LARGE", what: label(route) });
    }
    expect(tablesThatGrew(before, await rows.count())).toEqual([]);
  });

  it("that are not JSON answer 415 problem on every JSON route (and JSON on the form route)", async () => {
    const before = await rows.count();
    for (const route of catalog().filter(takesBody)) {
      const mailchimp = route.url.startsWith("/api/webhooks/mailchimp");
      const contentTypes = mailchimp
        ? ["application/json", "text/plain"]
        : [
            "text/plain",
            "application/xml",
            "application/x-www-form-urlencoded",
            "multipart/form-data; boundary=x",
            "application/vnd.api+json",
          ];
      for (const contentType of contentTypes) {
        const key = keyFor(route);
        const response = await sweep.inject({
          method: route.method as "POST",
          url: concreteUrl(route),
          headers: { "content-type": contentType },
          payload: mailchimp ? '{"type":"subscribe"}' : "returnTo=https%3A%2F%2Fevil.example&name=x",
          ...(key ? { key } : {}),
          remoteAddress: remoteAddress(),
        });
        expectProblem(response, 415, {
          code: "UNSUPPORTED_MEDIA_TYPE",
          what: `${label(route)} ${contentType}`,
        });
      }
    }
    expect(tablesThatGrew(before, await rows.count())).toEqual([]);
  });
});

describe("text Postgres cannot store", () => {
  it("a NUL character in a body or query answers 400 naming each field (it was a 500), and writes nothing", async () => {
    const before = await rows.count();
    const body = await sweep.inject({
      method: "POST",
      url: "/api/admin/tenants?note=a%00b",
      key: sweep.adminKey,
      payload: { name: "nul\u0000name" },
    });
    expectProblem(body, 400, { code: "VALIDATION" });
    expect(
      body
        .json<{ errors: Array<{ path: string }> }>()
        .errors.map((e) => e.path)
        .sort(),
    ).toEqual(["body.name", "query.note"]);
    const query = await sweep.inject({ method: "GET", url: "/api/posts?cursor=%00", key: a.tenant.apiKey });
    expectProblem(query, 400, { code: "VALIDATION" });
    expect(tablesThatGrew(before, await rows.count())).toEqual([]);
  });
});

describe("fuzzing every route (fast-check)", () => {
  it("never answers 5xx; every error is a problem, and a refused request writes nothing", async () => {
    const routes = catalog().filter((route) => route.method !== "HEAD");
    const seen = new Map<string, Set<number>>();
    for (const route of routes) {
      const statuses = new Set<number>();
      seen.set(label(route), statuses);
      let counts = await rows.count();
      await fc.assert(
        fc.asyncProperty(fuzzRequests(openApi, route, fuzzValues(route)), async (request) => {
          const response = await call(route, request, keyFor(route));
          statuses.add(response.statusCode);
          const what = `${label(route)} ${JSON.stringify(request).slice(0, 400)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
          // the one 5xx by design: the health report says 503 while a component is down (on a loaded machine a
          // service can miss a discovery round); it must still be the report, not an error
          if (!isHealthReportDown(route, response)) expect(response.statusCode, what).toBeLessThan(500);
          const after = await rows.count();
          if (response.statusCode >= 400) {
            if (!isBrowserPage(route, response)) expect(problemDefect(response), what).toBeNull();
            expect(
              tablesThatGrew(counts, after).filter((table) => !isRecordedRefusal(route, response, table)),
              what,
            ).toEqual([]);
          }
          counts = after;
        }),
        { numRuns: runsPerRoute, endOnFailure: true },
      );
    }
    // the fuzz reached past validation: somewhere it met a lookup (404), and somewhere it succeeded
    const all = [...seen.values()].flatMap((statuses) => [...statuses]);
    expect(all).toContain(400);
    expect(all).toContain(404);
    expect(all.some((status) => status < 300)).toBe(true);
    await expectTenantObjectsIntact();
  }, 600_000);
});

/**
 * Ids the fuzz uses: tenant A's own objects where a request can only read or edit them, missing ones where a
 * valid request would act (refresh, replay, delete), so the fuzz cannot destroy the fixtures other tests read.
 */
function fuzzValues(route: RouteEntry): UrlValues {
  const kind = idKindOf(route);
  if (!kind) return {};
  const reads = route.method === "GET" || route.method === "PATCH";
  return { id: reads && route.auth !== "admin" ? ownedId(a, kind) : newId(kind) };
}

/** The OAuth callback answers a browser: its refusals are an HTML page, by design (api.md). */
function isBrowserPage(route: RouteEntry, response: LightMyRequestResponse): boolean {
  return (
    route.url === "/api/oauth/:platform/callback" &&
    String(response.headers["content-type"]).startsWith("text/html")
  );
}

/** A refused platform webhook is recorded in the audit log (api.md: "a bad signature answers 401 and is recorded"). */
function isRecordedRefusal(route: RouteEntry, response: LightMyRequestResponse, table: string): boolean {
  return isWebhookIngress(route) && response.statusCode === 401 && table.startsWith("gateway.audit_log ");
}

function isHealthReportDown(
  route: { method: string; url: string },
  response: { statusCode: number; body: string },
) {
  if (route.url !== "/api/health" || response.statusCode !== 503) return false;
  const report = JSON.parse(response.body) as { status?: string; components?: unknown[] };
  return report.status === "down" && Array.isArray(report.components) && report.components.length > 0;
}
