import { CheckConnectionHealth, ConnectionConnected, ConnectionRevoked, newId } from "@postd/contracts";
import { AppError, createRpcClient } from "@postd/service-kit";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { checkSchedulerId } from "../src/jobs/check.job";
import type { HealthService } from "../src/service";
import { createHealthWorld, type HealthWorld } from "./support/harness";

let world: HealthWorld;
let health: HealthService;
const tenantId = newId("tenant");

beforeAll(async () => {
  world = await createHealthWorld();
  // 6 h × 0.0001 ≈ 2.2 s between a connection's scheduled checks
  health = await world.startHealth();
});

afterAll(async () => {
  await world?.close();
});

const rpc = () => createRpcClient({ nc: world.nc, ns: world.nats.ns });

async function monitored(connectionId: string) {
  const rows = await health.runtime.database.db.execute(
    sql`select status, last_outcome, access_expires_at from health.monitored_connections where connection_id = ${connectionId}`,
  );
  return rows[0] as
    | { status: string; last_outcome: string | null; access_expires_at: Date | null }
    | undefined;
}

describe("scheduled health checks", () => {
  it("finds a token the platform revoked on its next scheduled check and says so in connection.health_checked.v1", async () => {
    const connection = await world.connect({ tenantId, platform: "meta" });
    await world.publishEvent(ConnectionConnected, tenantId, {
      connectionId: connection.connectionId,
      platform: "meta",
      accountIds: [],
      reconnected: false,
    });
    await vi.waitFor(async () => expect((await monitored(connection.connectionId))?.status).toBe("active"), {
      timeout: 10_000,
    });
    expect(await health.checkQueue.getJobScheduler(checkSchedulerId(connection.connectionId))).toBeTruthy();

    const ofConnection = () =>
      world.healthChecked().filter((e) => e.data.connectionId === connection.connectionId);
    await vi.waitFor(() => expect(ofConnection().some((e) => e.data.outcome === "healthy")).toBe(true), {
      timeout: 15_000,
      interval: 100,
    });

    await world.sim.control("POST", "/_sim/tokens/revoke", { token: connection.accessToken });
    await vi.waitFor(
      () =>
        expect(ofConnection().find((e) => e.data.outcome === "unhealthy")?.data).toMatchObject({
          platform: "meta",
          errorKind: "auth_revoked",
        }),
      { timeout: 15_000, interval: 100 },
    );
    const unhealthy = ofConnection().find((e) => e.data.outcome === "unhealthy");
    expect(unhealthy?.tenantId).toBe(tenantId);
    expect(JSON.stringify(unhealthy)).not.toContain(connection.accessToken);
    expect((await monitored(connection.connectionId))?.last_outcome).toBe("unhealthy");
    const calls = world.token.calls.filter((call) => call.verb === "get-access-token");
    expect(calls.every((call) => (call.request as { purpose: string }).purpose === "health-check")).toBe(
      true,
    );
  });

  it("stops checking a revoked connection and rebuilds lost schedules from Postgres", async () => {
    const kept = await world.connect({ tenantId, platform: "linkedin" });
    const dropped = await world.connect({ tenantId, platform: "meta" });
    for (const connection of [kept, dropped]) {
      await world.publishEvent(ConnectionConnected, tenantId, {
        connectionId: connection.connectionId,
        platform: connection.platform,
        accountIds: [],
        reconnected: false,
      });
    }
    await vi.waitFor(async () => expect((await monitored(dropped.connectionId))?.status).toBe("active"), {
      timeout: 10_000,
      interval: 50,
    });
    world.token.setStatus(dropped.connectionId, "revoked");
    await world.publishEvent(ConnectionRevoked, tenantId, {
      connectionId: dropped.connectionId,
      platform: "meta",
      accountIds: [],
      reason: "tenant_disconnected",
    });
    await vi.waitFor(async () => expect((await monitored(dropped.connectionId))?.status).toBe("revoked"), {
      timeout: 10_000,
      interval: 50,
    });
    expect(await health.checkQueue.getJobScheduler(checkSchedulerId(dropped.connectionId))).toBeFalsy();

    // Redis loses the schedule (a wipe): the reconciler puts it back from monitored_connections
    await health.checkQueue.removeJobScheduler(checkSchedulerId(kept.connectionId));
    const report = await health.reconciler.runNow();
    expect(report.schedulesAdded).toBeGreaterThanOrEqual(1);
    expect(await health.checkQueue.getJobScheduler(checkSchedulerId(kept.connectionId))).toBeTruthy();
    expect(await health.checkQueue.getJobScheduler(checkSchedulerId(dropped.connectionId))).toBeFalsy();
  });

  it("backfills connections it never heard of from token-service's listing", async () => {
    const silent = await world.connect({ tenantId, platform: "tiktok" });
    const report = await health.reconciler.runNow();
    expect(report.backfillAvailable).toBe(true);
    expect((await monitored(silent.connectionId))?.status).toBe("active");
    expect(await health.checkQueue.getJobScheduler(checkSchedulerId(silent.connectionId))).toBeTruthy();
  });
});

describe("svc.health.check-connection", () => {
  it("checks now through the queue and answers the outcome", async () => {
    const connection = await world.connect({ tenantId, platform: "linkedin" });
    const answer = await rpc().call(CheckConnectionHealth, {
      tenantId,
      connectionId: connection.connectionId,
    });
    expect(answer).toMatchObject({ status: "healthy" });
    expect(answer.latencyMs).toBeGreaterThan(0);
    await vi.waitFor(
      () =>
        expect(world.healthChecked().some((e) => e.data.connectionId === connection.connectionId)).toBe(true),
      { timeout: 10_000, interval: 50 },
    );
  });

  it("answers NOT_FOUND for another tenant's connection, exactly like a missing one", async () => {
    const connection = await world.connect({ tenantId, platform: "meta" });
    const foreign = rpc().call(CheckConnectionHealth, {
      tenantId: newId("tenant"),
      connectionId: connection.connectionId,
    });
    await expect(foreign).rejects.toMatchObject({ code: "NOT_FOUND" });
    const missing = rpc().call(CheckConnectionHealth, { tenantId, connectionId: newId("connection") });
    await expect(missing).rejects.toBeInstanceOf(AppError);
    await expect(missing).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
