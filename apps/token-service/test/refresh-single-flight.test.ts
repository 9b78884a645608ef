import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, simConnectors } from "@postd/connectors/testing";
import { ConnectionTokenRefreshed, GetAccessToken, newId, StoreConnection } from "@postd/contracts";
import type { SpawnedService } from "@postd/testing";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventRecorder, recordConnectionEvents } from "./support/event-recorder";
import { requestsPerInstance, simCalls, simGrants, tiktokTokenEndpoint } from "./support/sim-checks";
import { createTokenTestEnv, type TokenTestEnv } from "./support/token-env";

// Two token-service PROCESSES on one database, Redis prefix and NATS namespace; the callers are this test, over
// NATS RPC (the queue group spreads the calls between the processes).
const lockTtlMs = 300;
let env: TokenTestEnv;
let events: EventRecorder;
let connectors: ConnectorRegistry;
let redis: Redis;
let processes: SpawnedService[];
const handedOut = new Set<string>();
const tenantId = newId("tenant");

beforeAll(async () => {
  env = await createTokenTestEnv({ env: { REFRESH_LOCK_TTL_MS: String(lockTtlMs) } });
  processes = await Promise.all([env.spawn(), env.spawn()]);
  events = await recordConnectionEvents(env);
  connectors = simConnectors(env.sim);
  redis = new Redis(env.env.REDIS_URL ?? "");
}, 120_000);

afterAll(async () => {
  redis?.disconnect();
  await events?.stop();
  await env?.close();
});

/** Connects a TikTok user for real against the sim and stores the grant through the processes. */
async function connectTikTok(user: string) {
  const request = await connectViaSim(connectors, { tenantId, platform: "tiktok", user });
  const view = await env.rpc.call(StoreConnection, request);
  return { request, view };
}

/** The stored token expires in a minute and is two hours old: inside its refresh margin, long before any job. */
async function moveIntoRefreshWindow(connectionId: string): Promise<void> {
  await env.sql`update token.connections
    set expires_at = now() + interval '60 seconds', token_updated_at = now() - interval '2 hours'
    where id = ${connectionId}`;
}

async function askForToken(connectionId: string) {
  const answer = await env.rpc.call(
    GetAccessToken,
    { tenantId, connectionId, purpose: "publish" },
    { timeoutMs: 30_000 },
  );
  handedOut.add(answer.accessToken);
  return answer;
}

describe("single-flight refresh across processes", () => {
  it("200 concurrent callers inside the window: one refresh call, every caller gets the new token", async () => {
    const { request, view } = await connectTikTok("-000tt-open-alice");
    await moveIntoRefreshWindow(view.id);
    await env.sim.control("DELETE", "/_sim/calls");
    const before = await requestsPerInstance(env.nc, env.ns, "get-access-token");

    const answers = await Promise.all(Array.from({ length: 200 }, () => askForToken(view.id)));

    const tokens = new Set(answers.map((answer) => answer.accessToken));
    expect(tokens.size).toBe(1);
    const [fresh] = tokens;
    expect(fresh).not.toBe(request.tokens.accessToken);
    expect(await simCalls(env.sim, tiktokTokenEndpoint)).toBe(1);
    const grants = await simGrants(env.sim, "tiktok", request.externalUserId);
    expect(grants.map((grant) => grant.revoked)).toEqual([false]);
    // the new token works at the platform
    const accounts = await connectors
      .get("tiktok")
      .fetchAccounts({ accessToken: fresh ?? "", connection: {} });
    expect(accounts.map((account) => account.externalId)).toEqual([request.externalUserId]);
    // both processes answered a share of the burst
    const after = await requestsPerInstance(env.nc, env.ns, "get-access-token");
    expect(after).toHaveLength(2);
    const served = after.map((count, index) => count - (before[index] ?? 0));
    expect(served.every((count) => count > 0)).toBe(true);
    await vi.waitFor(
      () =>
        expect(
          events.of(ConnectionTokenRefreshed).filter((e) => e.data.connectionId === view.id),
        ).toHaveLength(1),
      { timeout: 10_000, interval: 50 },
    );
  }, 60_000);

  it("TikTok's token endpoint slower than the lock: the old refresh token is never sent twice, the grant survives", async () => {
    const { request, view } = await connectTikTok("-000tt-open-bob");
    await moveIntoRefreshWindow(view.id);
    await env.sim.control("DELETE", "/_sim/calls");
    await env.sim.control("POST", "/_sim/faults", {
      host: "open.tiktokapis.com",
      method: "POST",
      path: "/v2/oauth/token/",
      count: 1,
      action: { type: "latency", ms: 4_000 },
    });
    const lockKey = `${env.env.REDIS_PREFIX}:token-service:lock:refresh:${view.id}`;

    const firstWave = Array.from({ length: 10 }, () => askForToken(view.id));
    // the refresh is under way (claimed in the database) and its Redis lock has expired
    await vi.waitFor(
      async () => {
        const [row] = await env.sql<{ refresh_owner: string | null }[]>`
          select refresh_owner from token.connections where id = ${view.id}`;
        expect(row?.refresh_owner).not.toBeNull();
        expect(await redis.exists(lockKey)).toBe(0);
      },
      { timeout: 3_800, interval: 20 },
    );
    const secondWave = Array.from({ length: 10 }, () => askForToken(view.id));
    const answers = await Promise.all([...firstWave, ...secondWave]);

    expect(new Set(answers.map((answer) => answer.accessToken)).size).toBe(1);
    expect(answers[0]?.accessToken).not.toBe(request.tokens.accessToken);
    expect(await simCalls(env.sim, tiktokTokenEndpoint)).toBe(1);
    const [grant, ...others] = await simGrants(env.sim, "tiktok", request.externalUserId);
    expect(others).toEqual([]);
    expect(grant?.revoked).toBe(false);
    const refreshTokens = grant?.tokens.filter((token) => token.kind === "refresh") ?? [];
    expect(refreshTokens.map((token) => token.used)).toEqual([true, false]);
  }, 60_000);

  it("never writes a token into the processes' logs or the events", () => {
    const logs = processes.map((process) => process.output()).join("\n");
    expect(logs).toMatch(/token refreshed/);
    const published = JSON.stringify(events.of(ConnectionTokenRefreshed));
    expect(handedOut.size).toBe(2);
    for (const token of handedOut) {
      expect(logs).not.toContain(token);
      expect(published).not.toContain(token);
    }
    expect(logs).not.toMatch(/simtiktok_(at|rt)_/);
  });
});
