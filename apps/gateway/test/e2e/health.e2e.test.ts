import type { ConnectionView } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type E2eSystem, startE2eSystem, type Tenant } from "./support/e2e-system";
import { expectStatus } from "./support/http";
import { simTokens } from "./support/leaks";

// health-service alone at TIME_SCALE 0.0001: its 6-hour check interval becomes about 2.2 s. The other services
// keep startSystem's 0.01 (an OAuth state must outlive the consent step).
const healthScale = 0.0001;
const checkIntervalMs = 21_600_000 * healthScale;

let e2e: E2eSystem;
let tenant: Tenant;
let connection: ConnectionView;

beforeAll(async () => {
  e2e = await startE2eSystem({
    envFor: {
      "health-service": { TIME_SCALE: String(healthScale), HEALTH_RECONCILE_INTERVAL_SECONDS: "86400" },
    },
  });
  tenant = await e2e.createTenant("Health Co");
  connection = (await e2e.connect(tenant, "meta")).connection;
}, 240_000);

afterAll(async () => e2e?.stop(), 60_000);

const listed = async (): Promise<ConnectionView | undefined> => {
  const { data } = await expectStatus(
    e2e.gateway<{ data: ConnectionView[] }>("/api/connections", { key: tenant.apiKey }),
    200,
  );
  return data.find((c) => c.id === connection.id);
};

async function checks(): Promise<Array<{ outcome: string; trigger: string; errorKind: string | null }>> {
  return e2e.sql`
    select outcome, trigger, error_kind as "errorKind" from health.check_results
    where connection_id = ${connection.id} order by checked_at`;
}

describe("scheduled health checks", () => {
  it("GET /api/connections shows the last scheduled check of a healthy connection", async () => {
    expect(connection.lastHealthCheck).toBeNull();
    const view = await vi.waitFor(
      async () => {
        const current = await listed();
        expect(current?.lastHealthCheck).toMatchObject({ status: "healthy" });
        return current;
      },
      { timeout: 20_000, interval: 200 },
    );
    expect(Date.parse(view?.lastHealthCheck?.checkedAt ?? "")).toBeGreaterThan(
      Date.parse(connection.createdAt),
    );
    expect(view?.status).toBe("active");
    expect((await checks()).every((c) => c.trigger === "scheduled")).toBe(true);
  });

  it("finds a token the sim revoked on its next scheduled check: needs_reauth, with the check shown", async () => {
    const before = (await listed())?.lastHealthCheck;
    const tokens = await simTokens(e2e, "meta");
    const userId = tokens[0]?.userId ?? "";
    await expectStatus(e2e.sim("/_sim/tokens/revoke", { body: { platform: "meta", userId } }), 200);
    const revokedAt = Date.now();

    // nobody asks for a check: the schedule finds it, within a few intervals
    const view = await vi.waitFor(
      async () => {
        const current = await listed();
        expect(current?.status).toBe("needs_reauth");
        return current;
      },
      { timeout: 20_000 + 3 * checkIntervalMs, interval: 200 },
    );
    expect(view?.lastHealthCheck).toMatchObject({ status: "unhealthy" });
    expect(Date.parse(view?.lastHealthCheck?.checkedAt ?? "")).toBeGreaterThanOrEqual(revokedAt - 1_000);
    expect(view?.lastHealthCheck?.checkedAt).not.toBe(before?.checkedAt);
    const recorded = await checks();
    expect(recorded.at(-1)).toMatchObject({
      outcome: "unhealthy",
      trigger: "scheduled",
      errorKind: "auth_revoked",
    });
    expect(recorded.filter((c) => c.trigger !== "scheduled")).toEqual([]);
    expect(recorded.filter((c) => c.outcome === "healthy").length).toBeGreaterThanOrEqual(1);
  });
});
