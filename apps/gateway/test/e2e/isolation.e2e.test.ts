import type { ConnectionView, PostView } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type E2eSystem, startE2eSystem, type Tenant } from "./support/e2e-system";
import { expectStatus } from "./support/http";
import { bodyFor, failLinkedInPosts, getPost, publish, uniqueText, waitForTargets } from "./support/posts";
import { type CatalogRoute, fill, routeCatalog } from "./support/route-catalog";

let e2e: E2eSystem;
let tenantA: Tenant;
let tenantB: Tenant;
let catalog: CatalogRoute[];

/** Tenant A's objects, one of each kind a route can name. */
const ids = { connection: "", account: "", post: "", deadLetter: "", endpoint: "", delivery: "" };

beforeAll(async () => {
  e2e = await startE2eSystem();
  [tenantA, tenantB] = [await e2e.createTenant("Tenant A"), await e2e.createTenant("Tenant B")];
  const { connection } = await e2e.connect(tenantA, "linkedin");
  ids.connection = connection.id;
  ids.account = e2e.accountOf(connection, "linkedin_organization");

  const published = await publish(e2e, tenantA, bodyFor("linkedin", ids.account, uniqueText("A's post")));
  ids.post = published.postId;
  await waitForTargets(e2e, tenantA, ids.post); // before the fault, which must hit the next post only
  await failLinkedInPosts(e2e, { count: 1, status: 400, message: "A's post is refused" });
  const refused = await publish(e2e, tenantA, bodyFor("linkedin", ids.account, uniqueText("A's refused")));
  await waitForTargets(e2e, tenantA, refused.postId);
  const letters = await expectStatus(
    e2e.gateway<{ data: Array<{ id: string; postId: string }> }>("/api/dead-letters", {
      key: tenantA.apiKey,
    }),
    200,
  );
  ids.deadLetter = letters.data.find((d) => d.postId === refused.postId)?.id ?? "";

  const endpoint = await expectStatus(
    e2e.gateway<{ id: string }>("/api/webhook-endpoints", {
      key: tenantA.apiKey,
      body: { url: "http://127.0.0.1:9/a-hook", description: "A's receiver" },
    }),
    201,
  );
  ids.endpoint = endpoint.id;
  const ping = await expectStatus(
    e2e.gateway<{ id: string }>(`/api/webhook-endpoints/${endpoint.id}/test`, {
      key: tenantA.apiKey,
      method: "POST",
    }),
    202,
  );
  ids.delivery = ping.id;
  catalog = await routeCatalog(e2e);
}, 240_000);

afterAll(async () => e2e?.stop(), 60_000);

/** Which of A's ids a route's `{id}` names, from its path. */
function idFor(path: string): string | undefined {
  if (path.startsWith("/api/connections/")) return ids.connection;
  if (path.startsWith("/api/accounts/")) return ids.account;
  if (path.startsWith("/api/posts/") && path !== "/api/posts/validate") return ids.post;
  if (path.startsWith("/api/dead-letters/")) return ids.deadLetter;
  if (path.startsWith("/api/webhook-endpoints/")) return ids.endpoint;
  if (path.startsWith("/api/webhook-deliveries/")) return ids.delivery;
  return undefined;
}

/** A body the route would accept from its owner, so that only ownership decides the answer. */
function bodyOf(route: CatalogRoute): unknown {
  if (route.method !== "PATCH") return undefined;
  return route.path.startsWith("/api/posts/") ? { text: "B was here" } : { description: "B was here" };
}

describe("tenant B with tenant A's ids", () => {
  it("gets 404 problem+json on every connection, account, post, dead-letter and webhook route, like a missing id", async () => {
    const tenantRoutes = catalog.filter((r) => r.auth === "tenant" && r.path.includes("{id}"));
    // the routes at least: a catalog that lost them must not pass by being empty
    expect(tenantRoutes.length).toBeGreaterThanOrEqual(18);
    for (const route of tenantRoutes) {
      const id = idFor(route.path);
      expect(id, `${route.method} ${route.path} names one of A's objects`).toMatch(/^[a-z]+_\w+/);
      const url = fill(route.path, { id: id ?? "" });
      const body = bodyOf(route);
      const foreign = await e2e.gateway<{ status: number; code: string; title: string; detail: string }>(
        url,
        {
          method: route.method,
          key: tenantB.apiKey,
          ...(body === undefined ? {} : { body }),
        },
      );
      expect(foreign.status, `${route.method} ${url}: ${foreign.text}`).toBe(404);
      expect(foreign.headers.get("content-type")).toContain("application/problem+json");
      expect(foreign.body).toMatchObject({ status: 404, code: "NOT_FOUND" });

      // exactly what an id nobody has gets
      const missingId = `${(id ?? "").split("_")[0]}_${"0".repeat(26)}`;
      const missing = await e2e.gateway<typeof foreign.body>(fill(route.path, { id: missingId }), {
        method: route.method,
        key: tenantB.apiKey,
        ...(body === undefined ? {} : { body }),
      });
      expect(missing.status).toBe(404);
      expect({ ...foreign.body, detail: foreign.body.detail.replace(id ?? "", "<id>") }).toMatchObject({
        code: missing.body.code,
        title: missing.body.title,
        detail: missing.body.detail.replace(missingId, "<id>"),
      });
    }
  });

  it("lists none of A's objects", async () => {
    for (const path of ["/api/connections", "/api/posts", "/api/dead-letters", "/api/webhook-endpoints"]) {
      const listed = await expectStatus(e2e.gateway<{ data: unknown[] }>(path, { key: tenantB.apiKey }), 200);
      expect(listed.data, path).toEqual([]);
    }
  });

  it("changed nothing of A's: connection active, post published, dead letter open, endpoint kept", async () => {
    const connection = await e2e.connection(tenantA, ids.connection);
    expect(connection.status).toBe("active");
    const post: PostView = await getPost(e2e, tenantA, ids.post);
    expect(post.status).toBe("published");
    const letters = await expectStatus(
      e2e.gateway<{ data: Array<{ id: string }> }>("/api/dead-letters", { key: tenantA.apiKey }),
      200,
    );
    expect(letters.data.map((d) => d.id)).toContain(ids.deadLetter);
    const endpoint = await expectStatus(
      e2e.gateway<{ description: string | null }>(`/api/webhook-endpoints/${ids.endpoint}`, {
        key: tenantA.apiKey,
      }),
      200,
    );
    expect(endpoint.description).toBe("A's receiver");
    const listed = await expectStatus(
      e2e.gateway<{ data: ConnectionView[] }>("/api/connections", { key: tenantA.apiKey }),
      200,
    );
    expect(listed.data.map((c) => c.id)).toEqual([ids.connection]);
  });

  it("publishing to A's account is refused naming the target, and nothing is written", async () => {
    const before = await expectStatus(
      e2e.gateway<{ data: unknown[] }>("/api/posts", { key: tenantB.apiKey }),
      200,
    );
    const answer = await e2e.gateway<{ errors: Array<{ path: string; message: string }> }>("/api/publish", {
      key: tenantB.apiKey,
      body: bodyFor("linkedin", ids.account, "B posts on A's page"),
      headers: { "idempotency-key": "b-on-a" },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ path: expect.stringMatching(/^body\.targets\.0/) })]),
    );
    const after = await expectStatus(
      e2e.gateway<{ data: unknown[] }>("/api/posts", { key: tenantB.apiKey }),
      200,
    );
    expect(after.data).toHaveLength(before.data.length);
  });
});

describe("without credentials", () => {
  it("every protected route answers 401 problem+json with WWW-Authenticate", async () => {
    const protectedRoutes = catalog.filter((r) => !r.isPublic);
    expect(protectedRoutes.length).toBeGreaterThanOrEqual(30);
    for (const route of protectedRoutes) {
      const url = fill(route.path, {
        id: idFor(route.path) ?? tenantA.tenantId,
        platform: "meta",
        keyId: tenantA.keyId,
        name: "integration_meta",
      });
      const answer = await e2e.gateway<{ code: string }>(url, { method: route.method });
      expect(answer.status, `${route.method} ${url}`).toBe(401);
      expect(answer.headers.get("www-authenticate"), `${route.method} ${url}`).toMatch(/^Bearer/);
      expect(answer.headers.get("content-type")).toContain("application/problem+json");
      expect(answer.body.code).toBe("UNAUTHENTICATED");
    }
    // and nothing happened to A's objects
    await vi.waitFor(
      async () => expect((await e2e.connection(tenantA, ids.connection)).status).toBe("active"),
      { timeout: 10_000, interval: 50 },
    );
  });

  it("the public routes stay open", async () => {
    const publicRoutes = catalog.filter((r) => r.isPublic).map((r) => `${r.method} ${r.path}`);
    expect(publicRoutes.sort()).toEqual(
      [
        "GET /api/health/live",
        "GET /api/oauth/{platform}/callback",
        "GET /api/webhooks/{platform}",
        "POST /api/webhooks/{platform}",
        "GET /api/webhooks/mailchimp/{secret}",
        "POST /api/webhooks/mailchimp/{secret}",
      ].sort(),
    );
    expect((await e2e.gateway("/api/health/live")).status).toBe(200);
  });
});
