import type { ConnectionView, Platform } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  accountKinds,
  type Connected,
  defaultReturnTo,
  type E2eSystem,
  platforms,
  startE2eSystem,
  type Tenant,
} from "./support/e2e-system";
import { expectStatus } from "./support/http";
import { dumpEverySchema, readableForms, type SimToken, simTokens } from "./support/leaks";

let e2e: E2eSystem;
let tenant: Tenant;
const connected = new Map<Platform, Connected>();

beforeAll(async () => {
  e2e = await startE2eSystem();
  tenant = await e2e.createTenant("Connect Co");
}, 240_000);

afterAll(async () => e2e?.stop(), 60_000);

describe.each(platforms)("%s through the gateway", (platform) => {
  it("start → consent (auto-approve) → callback → 302 to returnTo with status=connected", async () => {
    const result = await e2e.connect(tenant, platform);
    connected.set(platform, result);
    expect(`${result.redirect.origin}${result.redirect.pathname}`).toBe(defaultReturnTo);
    expect(result.redirect.searchParams.get("status")).toBe("connected");
    expect(result.connectionId).toMatch(/^con_/);
    // the platform's code and state never travel on to the return page
    expect([...result.redirect.searchParams.keys()].sort()).toEqual(["connectionId", "status"]);
  });

  it("GET /api/connections lists it active, with its accounts of the platform's kinds", async () => {
    const { connectionId } = connected.get(platform) ?? { connectionId: "" };
    const { data } = await expectStatus(
      e2e.gateway<{ data: ConnectionView[] }>("/api/connections", { key: tenant.apiKey }),
      200,
    );
    const listed = data.find((c) => c.id === connectionId);
    expect(listed).toMatchObject({ platform, status: "active", lastHealthCheck: null });
    expect(listed?.displayName).toMatch(/.+/);
    const kinds = new Set(listed?.accounts.map((a) => a.kind));
    expect([...kinds].sort()).toEqual([...accountKinds[platform]].sort());
    for (const account of listed?.accounts ?? []) {
      expect(account.id).toMatch(/^acc_/);
      expect(account.externalId).toMatch(/.+/);
    }
    expect(JSON.stringify(listed)).not.toMatch(/sim[a-z]+_(at|rt)_/); // no token in the view
  });
});

describe("at rest", () => {
  it("no token the sim issued appears in plain text in any column of any schema", async () => {
    expect(connected.size).toBe(platforms.length);
    const tokens: SimToken[] = await simTokens(e2e);
    // every platform issued something (Meta also Page tokens, TikTok/LinkedIn/GBP refresh tokens)
    expect(new Set(tokens.map((t) => t.platform))).toEqual(new Set(platforms));
    expect(tokens.some((t) => t.kind === "refresh")).toBe(true);

    const dump = await dumpEverySchema(e2e.sql);
    // the dump really covers the services' tables: the connections and their encrypted secrets are in it
    expect(dump.tables).toEqual(
      expect.arrayContaining(["token.connections", "token.secrets", "oauth.oauth_sessions"]),
    );
    for (const { connectionId } of connected.values()) expect(dump.text).toContain(connectionId);

    const leaked = tokens.filter((t) => readableForms(t.token).some((form) => dump.text.includes(form)));
    expect(leaked.map((t) => `${t.platform} ${t.kind}`)).toEqual([]);
  });
});
