import type { Platform } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  authorize,
  defaultReturnTo,
  type E2eSystem,
  startE2eSystem,
  type Tenant,
} from "./support/e2e-system";
import { expectStatus } from "./support/http";

// TIME_SCALE 0.01 (startSystem's default): a state lives 600 s × 0.01 = 6 s.
let e2e: E2eSystem;
let tenantA: Tenant;
let tenantB: Tenant;

beforeAll(async () => {
  e2e = await startE2eSystem();
  [tenantA, tenantB] = [await e2e.createTenant("State A"), await e2e.createTenant("State B")];
}, 240_000);

afterAll(async () => e2e?.stop(), 60_000);

/** Every connection of every tenant, straight from token-service's table: "nothing stored" means this is unchanged. */
async function storedConnections(): Promise<number> {
  const [row] = await e2e.sql<{ n: number }[]>`select count(*)::int as n from token.connections`;
  return row?.n ?? -1;
}

/** How often the platform's token endpoint was called (a refused state must never reach the code exchange). */
async function tokenCalls(platform: Platform): Promise<number> {
  const paths: Record<Platform, string> = {
    meta: "graph.facebook.com/:version/oauth/access_token",
    linkedin: "www.linkedin.com/oauth/v2/accessToken",
    tiktok: "open.tiktokapis.com/v2/oauth/token/",
    gbp: "oauth2.googleapis.com/token",
    mailchimp: "login.mailchimp.com/oauth2/token",
  };
  const { counts } = await expectStatus(e2e.sim<{ counts: Record<string, number> }>("/_sim/calls"), 200);
  return Object.entries(counts)
    .filter(([endpoint]) => endpoint.endsWith(` ${paths[platform]}`))
    .reduce((sum, [, n]) => sum + n, 0);
}

/** Visits the gateway callback (optionally with a tenant's key) without following the redirect. */
async function visitCallback(url: string, key?: string): Promise<Response> {
  return fetch(url, { redirect: "manual", headers: key ? { authorization: `Bearer ${key}` } : {} });
}

function outcomeOf(response: Response): {
  status: string | null;
  code: string | null;
  connectionId: string | null;
} {
  const location = new URL(response.headers.get("location") ?? "http://none.invalid/");
  return {
    status: location.searchParams.get("status"),
    code: location.searchParams.get("code"),
    connectionId: location.searchParams.get("connectionId"),
  };
}

describe("a state is single use", () => {
  it("a replayed callback, even with a fresh code for the same state, is refused and stores nothing", async () => {
    const consent = await authorize({ gateway: e2e.gateway, tenant: tenantA, platform: "linkedin" });
    const first = await visitCallback(consent);
    expect(first.status).toBe(302);
    expect(outcomeOf(first)).toMatchObject({ status: "connected" });
    const stored = await storedConnections();
    const exchanges = await tokenCalls("linkedin");

    const replay = await visitCallback(consent);
    expect(replay.status).toBe(302);
    expect(replay.headers.get("location")?.startsWith(defaultReturnTo)).toBe(true);
    expect(outcomeOf(replay)).toEqual({ status: "error", code: "state_used", connectionId: null });

    // the platform issues another code for the same state (the user went through consent again)
    const state = new URL(consent).searchParams.get("state") ?? "";
    const again = new URL(consent);
    const fresh = await authorize({ gateway: e2e.gateway, tenant: tenantA, platform: "linkedin" });
    again.searchParams.set("code", new URL(fresh).searchParams.get("code") ?? "");
    again.searchParams.set("state", state);
    expect(outcomeOf(await visitCallback(again.toString()))).toMatchObject({
      status: "error",
      code: "state_used",
    });

    expect(await storedConnections()).toBe(stored);
    expect(await tokenCalls("linkedin")).toBe(exchanges);
  });
});

describe("a state expires", () => {
  it("after its life (10 minutes × TIME_SCALE) it is refused and stores nothing", async () => {
    const started = await expectStatus(
      e2e.gateway<{ authorizationUrl: string; expiresAt: string }>("/api/oauth/tiktok/start", {
        key: tenantA.apiKey,
        body: { returnTo: defaultReturnTo },
      }),
      200,
    );
    const expiresAt = Date.parse(started.expiresAt);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(6_000);
    const consentUrl = new URL(started.authorizationUrl);
    consentUrl.searchParams.set("auto", "approve");
    const consent = await fetch(consentUrl, { redirect: "manual" });
    const callback = consent.headers.get("location") ?? "";
    expect(callback).toContain("/api/oauth/tiktok/callback?");
    const stored = await storedConnections();
    const exchanges = await tokenCalls("tiktok");

    // the state's own clock: wait until its expiry has passed (the code itself is still valid at the sim)
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(expiresAt + 50), {
      timeout: 10_000,
      interval: 100,
    });
    const late = await visitCallback(callback);
    expect(late.status).toBe(302);
    expect(outcomeOf(late)).toEqual({ status: "error", code: "expired_state", connectionId: null });
    expect(await storedConnections()).toBe(stored);
    expect(await tokenCalls("tiktok")).toBe(exchanges);
  });
});

describe("a state is bound to its tenant and platform", () => {
  it("a callback carrying another tenant's credentials is refused, burns the state and stores nothing", async () => {
    const consent = await authorize({ gateway: e2e.gateway, tenant: tenantA, platform: "gbp" });
    const stored = await storedConnections();
    const exchanges = await tokenCalls("gbp");

    const foreign = await visitCallback(consent, tenantB.apiKey);
    expect(foreign.status).toBe(400); // no returnTo for a state that is not the caller's: a page says why
    expect(foreign.headers.get("location")).toBeNull();
    const page = await foreign.text();
    expect(page).toContain("was not connected");
    expect(page).not.toContain(new URL(consent).searchParams.get("code") ?? "<no code>");

    // the state is spent: its own tenant cannot use it afterwards either
    const afterwards = await visitCallback(consent, tenantA.apiKey);
    expect(afterwards.status === 302 ? outcomeOf(afterwards).status : "page").not.toBe("connected");
    expect(await storedConnections()).toBe(stored);
    expect(await tokenCalls("gbp")).toBe(exchanges);
    for (const tenant of [tenantA, tenantB]) {
      const { data } = await expectStatus(
        e2e.gateway<{ data: Array<{ platform: string }> }>("/api/connections", { key: tenant.apiKey }),
        200,
      );
      expect(data.filter((c) => c.platform === "gbp")).toEqual([]);
    }
  });

  it("a state presented at another platform's callback is refused and stores nothing", async () => {
    const consent = new URL(await authorize({ gateway: e2e.gateway, tenant: tenantA, platform: "tiktok" }));
    expect(consent.pathname).toBe("/api/oauth/tiktok/callback");
    const stored = await storedConnections();
    const exchanges = await Promise.all([tokenCalls("tiktok"), tokenCalls("mailchimp")]);

    const elsewhere = new URL(consent);
    elsewhere.pathname = "/api/oauth/mailchimp/callback";
    const refused = await visitCallback(elsewhere.toString());
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("was not connected");
    // and the original platform cannot use it any more either
    const original = await visitCallback(consent.toString());
    expect(original.status === 302 ? outcomeOf(original).status : "page").not.toBe("connected");

    expect(await storedConnections()).toBe(stored);
    expect(await Promise.all([tokenCalls("tiktok"), tokenCalls("mailchimp")])).toEqual(exchanges);
  });

  it("an unknown or missing state is refused with a page, never a redirect", async () => {
    const stored = await storedConnections();
    for (const query of ["?code=abc&state=not-a-state-we-issued", "?code=abc"]) {
      const response = await visitCallback(`${e2e.system.gatewayUrl}/api/oauth/meta/callback${query}`);
      expect(response.status, query).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
    }
    expect(await storedConnections()).toBe(stored);
  });
});
