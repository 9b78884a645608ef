import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, simConnectors } from "@postd/connectors/testing";
import { ConnectionTokenRefreshed, GetAccessToken, newId, StoreConnection } from "@postd/contracts";
import { type PrivateServer, startPrivateRedis } from "@postd/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { refreshJobId } from "../src/jobs/refresh.job";
import type { TokenService } from "../src/service";
import { type EventRecorder, recordConnectionEvents } from "./support/event-recorder";
import { simCalls, simGrants, tiktokTokenEndpoint } from "./support/sim-checks";
import { startInProcess } from "./support/start-in-process";
import { createTokenTestEnv, type TokenTestEnv } from "./support/token-env";

// A private Redis: this file wipes it (FLUSHALL) to show the queue is rebuilt from Postgres.
let redisServer: PrivateServer;
let env: TokenTestEnv;
let service: TokenService;
let events: EventRecorder;
let connectors: ConnectorRegistry;
const tenantId = newId("tenant");

beforeAll(async () => {
  redisServer = await startPrivateRedis();
  // TIME_SCALE 0.01: the reconciler runs every 200 ms. Token lifetimes come from the sim (seconds, real time).
  env = await createTokenTestEnv({ redisUrl: redisServer.url, env: { RECONCILE_INTERVAL_SECONDS: "20" } });
  service = await startInProcess(env);
  events = await recordConnectionEvents(env);
  connectors = simConnectors(env.sim);
});

afterAll(async () => {
  await events?.stop();
  await service?.stop();
  await env?.close();
  await redisServer?.dispose();
});

/** Connects with a short-lived access token, then puts the sim back to long lifetimes for what the refresh gets. */
async function connectShortLived(user: string, accessTtlSeconds: number) {
  const lifetimes = (ttl: number) => ({
    lifetimes: { tiktok: { accessTtlSeconds: ttl, refreshTtlSeconds: 86_400 } },
  });
  await env.sim.control("PUT", "/_sim/settings", lifetimes(accessTtlSeconds));
  const request = await connectViaSim(connectors, { tenantId, platform: "tiktok", user });
  await env.sim.control("PUT", "/_sim/settings", lifetimes(7_200));
  const view = await env.rpc.call(StoreConnection, request);
  return { request, view, expiresAt: Date.parse(request.tokens.expiresAt ?? "") };
}

const refreshedEventsOf = (connectionId: string) =>
  events.of(ConnectionTokenRefreshed).filter((e) => e.data.connectionId === connectionId);

describe("scheduled refresh", () => {
  it("refreshes ahead of expiry by itself", async () => {
    await env.sim.control("DELETE", "/_sim/calls");
    const { request, view, expiresAt } = await connectShortLived("-000tt-open-alice", 6);
    await vi.waitFor(() => expect(refreshedEventsOf(view.id)).toHaveLength(1), {
      timeout: 12_000,
      interval: 50,
    });
    const [row] = await env.sql<{ last_refreshed_at: Date; version: number }[]>`
      select last_refreshed_at, version from token.connections where id = ${view.id}`;
    expect(row?.version).toBe(2);
    expect(row?.last_refreshed_at.getTime()).toBeLessThan(expiresAt);
    const token = await env.rpc.call(GetAccessToken, { tenantId, connectionId: view.id, purpose: "publish" });
    expect(token.accessToken).not.toBe(request.tokens.accessToken);
    // the code exchange and the one scheduled refresh
    expect(await simCalls(env.sim, tiktokTokenEndpoint)).toBe(2);
  });

  it("rebuilds the refresh queue from Postgres after Redis is wiped, and refreshes once", async () => {
    const { request, view, expiresAt } = await connectShortLived("-000tt-open-bob", 8);
    const jobId = refreshJobId(view.id, 1);
    await expect(service.refreshQueue.getJobState(jobId)).resolves.toBe("delayed");
    const admin = new Redis(redisServer.url);
    try {
      await admin.flushall();
      expect(await admin.dbsize()).toBe(0);
    } finally {
      admin.disconnect();
    }
    await vi.waitFor(async () => expect(await service.refreshQueue.getJobState(jobId)).toBe("delayed"), {
      timeout: 3_000,
    });
    await vi.waitFor(() => expect(refreshedEventsOf(view.id)).toHaveLength(1), {
      timeout: 12_000,
      interval: 50,
    });
    const [row] = await env.sql<{ last_refreshed_at: Date; version: number }[]>`
      select last_refreshed_at, version from token.connections where id = ${view.id}`;
    expect(row?.version).toBe(2);
    expect(row?.last_refreshed_at.getTime()).toBeLessThan(expiresAt);
    const [grant] = await simGrants(env.sim, "tiktok", request.externalUserId);
    expect(grant?.revoked).toBe(false);
    expect(grant?.tokens.filter((t) => t.kind === "refresh").map((t) => t.used)).toEqual([true, false]);
  });
});
