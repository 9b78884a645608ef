import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, simConnectors } from "@postd/connectors/testing";
import {
  ConnectionConnected,
  ConnectionStatusChanged,
  ConnectionTokenRefreshed,
  GetAccessToken,
  GetConnection,
  newId,
  type Platform,
  RefreshConnection,
  ReportAuthFailure,
  StoreConnection,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TokenService } from "../src/service";
import { type EventRecorder, recordConnectionEvents } from "./support/event-recorder";
import { simCalls, simGrants, tiktokTokenEndpoint } from "./support/sim-checks";
import { startInProcess } from "./support/start-in-process";
import { createTokenTestEnv, type TokenTestEnv } from "./support/token-env";

let env: TokenTestEnv;
let service: TokenService;
let events: EventRecorder;
let connectors: ConnectorRegistry;
const tenantId = newId("tenant");

beforeAll(async () => {
  env = await createTokenTestEnv();
  service = await startInProcess(env);
  events = await recordConnectionEvents(env);
  connectors = simConnectors(env.sim);
});

afterAll(async () => {
  await events?.stop();
  await service?.stop();
  await env?.close();
});

async function connect(platform: Platform, user?: string) {
  const request = await connectViaSim(connectors, { tenantId, platform, ...(user ? { user } : {}) });
  return { request, view: await env.rpc.call(StoreConnection, request) };
}

async function setExpiry(connectionId: string, expiresInSeconds: number): Promise<void> {
  await env.sql`update token.connections
    set expires_at = now() + ${expiresInSeconds} * interval '1 second', token_updated_at = now() - interval '2 hours'
    where id = ${connectionId}`;
}

const statusChangesOf = (connectionId: string) =>
  events
    .of(ConnectionStatusChanged)
    .filter((e) => e.data.connectionId === connectionId)
    .map((e) => `${e.data.from}→${e.data.to}`);

/** Every event committed before now has been delivered once a later one (a fresh connect) has arrived. */
async function eventBarrier(): Promise<void> {
  const { view } = await connect("mailchimp");
  await vi.waitFor(
    () => expect(events.of(ConnectionConnected).some((e) => e.data.connectionId === view.id)).toBe(true),
    { timeout: 10_000, interval: 50 },
  );
}

const ask = (connectionId: string, forceRefresh = false) =>
  env.rpc.call(GetAccessToken, { tenantId, connectionId, purpose: "publish", forceRefresh });

describe("refresh failures", () => {
  it("a grant the platform revoked: needs_reauth at once, with exactly one status event", async () => {
    const { request, view } = await connect("tiktok");
    await env.sim.control("POST", "/_sim/tokens/revoke", {
      platform: "tiktok",
      userId: request.externalUserId,
    });
    await setExpiry(view.id, 60);
    await env.sim.control("DELETE", "/_sim/calls");

    const answers = await Promise.allSettled([
      ...Array.from({ length: 20 }, () => ask(view.id)),
      env.rpc.call(RefreshConnection, { tenantId, connectionId: view.id }),
    ]);
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: "rejected", reason: { code: "UNPROCESSABLE" } });
    }
    expect(await simCalls(env.sim, tiktokTokenEndpoint)).toBe(1);
    await expect(env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).resolves.toMatchObject({
      status: "needs_reauth",
    });
    await expect(ask(view.id)).rejects.toMatchObject({
      code: "UNPROCESSABLE",
      message: expect.stringContaining("reconnect tiktok"),
    });
    await expect(env.rpc.call(RefreshConnection, { tenantId, connectionId: view.id })).rejects.toMatchObject({
      code: "UNPROCESSABLE",
    });
    await eventBarrier();
    expect(statusChangesOf(view.id)).toEqual(["active→needs_reauth"]);
    const [event] = events.of(ConnectionStatusChanged).filter((e) => e.data.connectionId === view.id);
    expect(event?.data.reason).toMatch(/^auth_revoked:/);
    expect(await simCalls(env.sim, tiktokTokenEndpoint)).toBe(1);
  });

  it("a transient failure keeps the status and the still-valid token; after expiry it is error, then active again", async () => {
    const { request, view } = await connect("gbp");
    const fail = () =>
      env.sim.control("POST", "/_sim/faults", {
        host: "oauth2.googleapis.com",
        method: "POST",
        path: "/token",
        count: 1,
        action: { type: "respond", status: 503, body: { error: "backend_error" } },
      });
    await fail();
    await expect(env.rpc.call(RefreshConnection, { tenantId, connectionId: view.id })).rejects.toMatchObject({
      code: "UNAVAILABLE",
    });
    await setExpiry(view.id, 60);
    await fail();
    await expect(ask(view.id)).resolves.toMatchObject({
      accessToken: request.tokens.accessToken,
      status: "active",
    });
    const [row] = await env.sql<{ status: string; refresh_failures: number; last_refresh_error: string }[]>`
      select status, refresh_failures, last_refresh_error from token.connections where id = ${view.id}`;
    expect(row).toMatchObject({ status: "active", refresh_failures: 2 });
    expect(row?.last_refresh_error).toMatch(/^transient:/);

    await setExpiry(view.id, -1);
    await fail();
    await expect(ask(view.id)).rejects.toMatchObject({ code: "UNAVAILABLE" });
    await expect(env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).resolves.toMatchObject({
      status: "error",
    });
    const healed = await ask(view.id);
    expect(healed.status).toBe("active");
    expect(healed.accessToken).not.toBe(request.tokens.accessToken);
    await eventBarrier();
    expect(statusChangesOf(view.id)).toEqual(["active→error", "error→active"]);
    expect((await simGrants(env.sim, "gbp", request.externalUserId)).every((grant) => !grant.revoked)).toBe(
      true,
    );
  });

  it("a reported expiry refreshes at once; a reported revocation marks needs_reauth once", async () => {
    const { request, view } = await connect("linkedin");
    const refreshed = await env.rpc.call(ReportAuthFailure, {
      tenantId,
      connectionId: view.id,
      kind: "auth_expired",
      detail: "401 EXPIRED_ACCESS_TOKEN",
    });
    expect(refreshed.status).toBe("active");
    await vi.waitFor(
      () =>
        expect(
          events.of(ConnectionTokenRefreshed).filter((e) => e.data.connectionId === view.id),
        ).toHaveLength(1),
      { timeout: 10_000, interval: 50 },
    );
    const token = await ask(view.id);
    expect(token.accessToken).not.toBe(request.tokens.accessToken);
    const report = {
      tenantId,
      connectionId: view.id,
      kind: "auth_revoked" as const,
      detail: "401 REVOKED_ACCESS_TOKEN",
    };
    const reports = await Promise.all([1, 2, 3].map(() => env.rpc.call(ReportAuthFailure, report)));
    expect(reports.map((r) => r.status)).toEqual(["needs_reauth", "needs_reauth", "needs_reauth"]);
    await eventBarrier();
    expect(statusChangesOf(view.id)).toEqual(["active→needs_reauth"]);
  });

  it("a TikTok refresh interrupted by its process dying is never sent again: needs_reauth, the grant not revoked", async () => {
    const { request, view } = await connect("tiktok", "-000tt-open-bob");
    await setExpiry(view.id, 60);
    // the claim of a holder that died mid-refresh (its request may have spent the refresh token)
    await env.sql`update token.connections
      set refresh_owner = 'a-dead-holder', refresh_claimed_at = now() - interval '1 hour' where id = ${view.id}`;
    await env.sim.control("DELETE", "/_sim/calls");

    await expect(ask(view.id)).rejects.toMatchObject({ code: "UNPROCESSABLE" });
    expect(await simCalls(env.sim, tiktokTokenEndpoint), "the stored refresh token was not sent").toBe(0);
    const [row] = await env.sql<{ status: string; status_reason: string; refresh_owner: string | null }[]>`
      select status, status_reason, refresh_owner from token.connections where id = ${view.id}`;
    expect(row).toEqual({
      status: "needs_reauth",
      status_reason: "unknown_outcome:refresh_interrupted",
      refresh_owner: null,
    });
    expect((await simGrants(env.sim, "tiktok", request.externalUserId)).some((grant) => grant.revoked)).toBe(
      false,
    );
    await eventBarrier();
    expect(statusChangesOf(view.id)).toEqual(["active→needs_reauth"]);
  });

  it("a LinkedIn refresh interrupted the same way is simply sent again (its refresh tokens do not rotate)", async () => {
    const { view } = await connect("linkedin");
    await setExpiry(view.id, 60);
    await env.sql`update token.connections
      set refresh_owner = 'a-dead-holder', refresh_claimed_at = now() - interval '1 hour' where id = ${view.id}`;
    const before = await env.rpc.call(GetConnection, { tenantId, connectionId: view.id });
    await ask(view.id);
    const after = await env.rpc.call(GetConnection, { tenantId, connectionId: view.id });
    expect(after.status).toBe("active");
    expect(Date.parse(after.expiresAt ?? "")).toBeGreaterThan(Date.parse(before.expiresAt ?? ""));
  });
});
