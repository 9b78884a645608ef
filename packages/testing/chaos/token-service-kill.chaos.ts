import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChaosSystem, startChaosSystem } from "./support/chaos-system";
import { connectPlatform, type Destination, listDestinations } from "./support/connect-accounts";
import { sleep } from "./support/http";
import { createLoad, type LoadGenerator } from "./support/load-generator";
import { progress } from "./support/progress";
import { type ReplicaPool, startReplicaPool } from "./support/replica-pool";
import { expectCleanEndState, publishedOrUnconfirmed, realRetrySchedule } from "./support/scenario";

// Scenario 6: token-service SIGKILLed again and again while it refreshes TikTok tokens, which rotate: each
// refresh spends the refresh token sent, and presenting a spent one again revokes the customer's whole grant.
// Access tokens live 12 s (refreshed in their last 6 s, on schedule and on demand), six tenants each connect two
// TikTok users, and publishing to all of them keeps asking for tokens. token-service runs as two replicas; one
// is killed every 1–3 s and started again.
const label = "tokenkill";
const timeScale = 0.01;
const tiktokUsers = ["-000tt-open-alice", "-000tt-open-bob"];
const tenantCount = 6;
const tokenCalls = "POST open.tiktokapis.com/v2/oauth/token/";
let chaos: ChaosSystem;
let replicas: ReplicaPool;
const tenants: Array<{ apiKey: string; destinations: Destination[] }> = [];

beforeAll(async () => {
  chaos = await startChaosSystem({
    timeScale,
    env: {
      ...realRetrySchedule(timeScale),
      // a claim left by a killed holder is taken over after 5 s (it must exceed CONNECTOR_TIMEOUT_MS, 2 s)
      REFRESH_CLAIM_STALE_MS: "5000",
      REFRESH_LOCK_TTL_MS: "5000",
      REFRESH_WAIT_TIMEOUT_MS: "10000",
    },
  });
  await chaos.sim("PUT", "/_sim/settings", {
    lifetimes: { tiktok: { accessTtlSeconds: 12, refreshTtlSeconds: 180 * 86_400 } },
  });
  for (let i = 0; i < tenantCount; i++) {
    const tenant = i === 0 ? { apiKey: chaos.apiKey } : await chaos.createTenant(`chaos-${i}`);
    const client = chaos.as(tenant.apiKey);
    for (const user of tiktokUsers) await connectPlatform(client, { platform: "tiktok", user });
    tenants.push({ apiKey: tenant.apiKey, destinations: await listDestinations(client) });
  }
  // token-service as two replicas the test owns, in place of startSystem's one
  await chaos.system.kill("token-service");
  replicas = await startReplicaPool({ size: 2, spawn: () => chaos.spawnExtra({ app: "token-service" }) });
  progress("system started", { connections: tenants.length * tiktokUsers.length });
}, 300_000);

afterAll(async () => {
  await replicas?.stop();
  await chaos?.close();
});

async function tokenCallCount(): Promise<number> {
  const { counts } = await chaos.sim<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return counts[tokenCalls] ?? 0;
}

describe("token-service killed during TikTok refreshes", () => {
  it("no grant is revoked by a reused refresh token; a refresh cut off by a kill ends needs_reauth, never resent", async () => {
    const callsBefore = await tokenCallCount();
    const loads: LoadGenerator[] = tenants.map((tenant) =>
      createLoad({
        chaos: chaos.as(tenant.apiKey),
        destinations: tenant.destinations,
        label,
        intervalMs: 500,
        targetsPerPost: [1, 2],
        media: [{ url: "https://media.platform-sim.test/clip.mp4?bytes=2048", type: "video" }],
        optionsFor: () => ({ privacyLevel: "SELF_ONLY" }),
      }),
    );
    for (const load of loads) load.start();
    const started = Date.now();
    while (replicas.kills < 12 || Date.now() - started < 60_000) {
      await replicas.waitForRunning(1);
      await sleep(1_000 + Math.random() * 2_000);
      await replicas.killOneAndReplace();
      progress(`kill ${replicas.kills}`, { refreshes: (await tokenCallCount()) - callsBefore });
    }
    await Promise.all(loads.map((load) => load.stop()));
    await replicas.waitForRunning(2);
    const refreshes = (await tokenCallCount()) - callsBefore;
    progress("load stopped", { refreshes, kills: replicas.kills });

    const grants = await Promise.all(
      tiktokUsers.map((userId) =>
        chaos.sim<{ data: Array<{ grantId: string; revoked: boolean }> }>(
          "GET",
          `/_sim/grants?platform=tiktok&userId=${encodeURIComponent(userId)}`,
        ),
      ),
    );
    const revoked = grants.flatMap((answer) => answer.data.filter((grant) => grant.revoked));
    const connections = await chaos.sql<{ id: string; status: string; reason: string | null }[]>`
      select id, status, last_refresh_error as reason from token.connections where platform = 'tiktok'`;
    const logLines = replicas.outputs().flatMap((output) => output.split("\n"));
    progress("token-service replicas said", {
      claimLostAfterRefresh: logLines.filter((line) => line.includes("refresh claim lost")).length,
      refreshFailed: logLines.filter((line) => line.includes("token refresh failed")).length,
    });
    progress("grants and connections", {
      revoked,
      connections: connections.filter((c) => c.status !== "active"),
    });
    expect(revoked, "no grant revoked by a reused refresh token").toEqual([]);
    // A kill while a refresh is on its way loses the platform's answer, the only copy of the rotated refresh token:
    // that connection must be reconnected, and says why. Every other connection stays active.
    const interrupted = connections.filter((connection) => connection.status !== "active");
    for (const connection of interrupted) {
      expect(connection).toMatchObject({
        status: "needs_reauth",
        reason: "unknown_outcome:refresh_interrupted",
      });
    }
    expect(interrupted.length, "at most one connection cut off per kill").toBeLessThanOrEqual(replicas.kills);
    expect(connections).toHaveLength(tenantCount * tiktokUsers.length);
    // every connection refreshed, most of them again and again (an interrupted one stops refreshing)
    expect(refreshes, "refreshes really happened under the kills").toBeGreaterThan(connections.length);

    await expectCleanEndState(chaos, {
      label,
      loads,
      destinations: tenants.flatMap((tenant) => tenant.destinations),
      // posts to a connection that now needs reauthorization are dead-lettered (auth_revoked), never published twice
      allowed: interrupted.length > 0 ? [...publishedOrUnconfirmed, "dead_lettered"] : publishedOrUnconfirmed,
    });
  }, 600_000);
});
