import {
  ConnectionRevoked,
  ConnectionStatusChanged,
  ConnectionTokenRefreshed,
  type ConnectionView,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type E2eSystem, startE2eSystem, type Tenant } from "./support/e2e-system";
import { type EventRecorder, recordEvents } from "./support/events";
import { expectStatus } from "./support/http";
import { simTokens } from "./support/leaks";

// Light on purpose: the single-flight, rotation and crash tests of refresh live in token-service's own tests.
let e2e: E2eSystem;
let tenant: Tenant;
let events: EventRecorder;
let tiktok: ConnectionView;
let gbp: ConnectionView;

beforeAll(async () => {
  e2e = await startE2eSystem();
  events = await recordEvents(e2e, [ConnectionStatusChanged, ConnectionTokenRefreshed, ConnectionRevoked]);
  tenant = await e2e.createTenant("Refresh Co");
  tiktok = (await e2e.connect(tenant, "tiktok")).connection;
  gbp = (await e2e.connect(tenant, "gbp")).connection;
}, 240_000);

afterAll(async () => {
  await events?.stop();
  await e2e?.stop();
}, 60_000);

const refresh = (connectionId: string) =>
  e2e.gateway<ConnectionView & { code: string; detail: string }>(`/api/connections/${connectionId}/refresh`, {
    method: "POST",
    key: tenant.apiKey,
  });

async function secretRows(connectionId: string): Promise<number> {
  const [row] = await e2e.sql<{ n: number }[]>`
    select count(*)::int as n from token.secrets where connection_id = ${connectionId}`;
  return row?.n ?? -1;
}

async function tikTokTokenCalls(): Promise<number> {
  const { counts } = await expectStatus(e2e.sim<{ counts: Record<string, number> }>("/_sim/calls"), 200);
  return counts["POST open.tiktokapis.com/v2/oauth/token/"] ?? 0;
}

describe("refresh now", () => {
  it("an active connection refreshes: 200, a new token at the platform, one token_refreshed event", async () => {
    const before = (await simTokens(e2e, "tiktok")).length;
    const answer = await refresh(tiktok.id);
    expect(answer.status, answer.text).toBe(200);
    expect(answer.body).toMatchObject({ id: tiktok.id, status: "active" });
    expect((await simTokens(e2e, "tiktok")).length).toBeGreaterThan(before); // rotated: new access + refresh
    await vi.waitFor(
      () =>
        expect(
          events.of(ConnectionTokenRefreshed).filter((e) => e.data.connectionId === tiktok.id),
        ).toHaveLength(1),
      { timeout: 10_000, interval: 50 },
    );
  });

  it("a token the platform revoked → needs_reauth, 422 naming what to do, and no refresh call after", async () => {
    const grants = await simTokens(e2e, "tiktok");
    const userId = grants[0]?.userId ?? "";
    await expectStatus(e2e.sim("/_sim/tokens/revoke", { body: { platform: "tiktok", userId } }), 200);

    const refused = await refresh(tiktok.id);
    expect(refused.status, refused.text).toBe(422);
    expect(refused.headers.get("content-type")).toContain("application/problem+json");
    expect(refused.body).toMatchObject({
      code: "UNPROCESSABLE",
      detail: expect.stringContaining("reconnect"),
    });
    expect(await e2e.connection(tenant, tiktok.id)).toMatchObject({ status: "needs_reauth" });

    // a needs_reauth connection is never refreshed again
    const calls = await tikTokTokenCalls();
    expect((await refresh(tiktok.id)).status).toBe(422);
    expect(await tikTokTokenCalls()).toBe(calls);
    await vi.waitFor(
      () =>
        expect(
          events.of(ConnectionStatusChanged).filter((e) => e.data.connectionId === tiktok.id),
        ).toHaveLength(1),
      { timeout: 10_000, interval: 50 },
    );
  });
});

describe("disconnect", () => {
  it("DELETE revokes the grant at the platform, deletes the secrets and marks the connection revoked", async () => {
    expect(await secretRows(gbp.id)).toBeGreaterThan(0);
    const live = (await simTokens(e2e, "gbp")).filter((t) => !t.revoked);
    expect(live.length).toBeGreaterThan(0);

    const answer = await e2e.gateway(`/api/connections/${gbp.id}`, { method: "DELETE", key: tenant.apiKey });
    expect(answer.status, answer.text).toBe(204);
    expect(await e2e.connection(tenant, gbp.id)).toMatchObject({ status: "revoked" });
    expect(await secretRows(gbp.id)).toBe(0);
    const after = await simTokens(e2e, "gbp");
    for (const token of live) expect(after.find((t) => t.token === token.token)?.revoked).toBe(true);

    // a repeat has no second effect
    expect(
      (await e2e.gateway(`/api/connections/${gbp.id}`, { method: "DELETE", key: tenant.apiKey })).status,
    ).toBe(204);
    await vi.waitFor(
      () =>
        expect(events.of(ConnectionRevoked).filter((e) => e.data.connectionId === gbp.id)).toHaveLength(1),
      { timeout: 10_000, interval: 50 },
    );
  });

  it("every transition made exactly one event (the revoke's event arrived after the earlier ones)", async () => {
    const changes = (connectionId: string) =>
      events
        .of(ConnectionStatusChanged)
        .filter((e) => e.data.connectionId === connectionId)
        .map((e) => `${e.data.from}→${e.data.to}`);
    await vi.waitFor(() => expect(changes(gbp.id)).toEqual(["active→revoked"]), {
      timeout: 10_000,
      interval: 50,
    });
    expect(changes(tiktok.id)).toEqual(["active→needs_reauth"]);
    expect(events.of(ConnectionRevoked).filter((e) => e.data.connectionId === gbp.id)).toMatchObject([
      { tenantId: tenant.tenantId, data: { platform: "gbp", reason: "tenant_disconnected" } },
    ]);
  });
});
