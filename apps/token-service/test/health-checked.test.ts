import { jetstream } from "@nats-io/jetstream";
import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, simConnectors } from "@postd/connectors/testing";
import {
  ConnectionHealthChecked,
  ConnectionStatusChanged,
  GetConnection,
  type HealthOutcome,
  namespaced,
  newId,
  StoreConnection,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TokenService } from "../src/service";
import { type EventRecorder, recordConnectionEvents } from "./support/event-recorder";
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

/** Publishes what health-service emits after a check (its outbox relay writes exactly this envelope). */
async function publishHealthChecked(
  connectionId: string,
  check: { outcome: HealthOutcome; errorKind: "auth_revoked" | "transient" | null; checkedAt: Date },
): Promise<void> {
  const id = newId("event");
  const envelope = {
    id,
    subject: ConnectionHealthChecked.subject,
    occurredAt: check.checkedAt.toISOString(),
    tenantId,
    data: {
      connectionId,
      platform: "linkedin",
      outcome: check.outcome,
      errorKind: check.errorKind,
      detail: null,
      latencyMs: 12,
      checkedAt: check.checkedAt.toISOString(),
    },
  };
  await jetstream(env.nc).publish(
    namespaced(env.ns, ConnectionHealthChecked.subject),
    JSON.stringify(envelope),
    {
      msgID: id,
    },
  );
}

const statusEventsOf = (connectionId: string) =>
  events.of(ConnectionStatusChanged).filter((e) => e.data.connectionId === connectionId);

describe("connection.health_checked.v1", () => {
  it("keeps the last check, and a refused grant makes the connection need re-authorization once", async () => {
    const view = await env.rpc.call(
      StoreConnection,
      await connectViaSim(connectors, { tenantId, platform: "linkedin" }),
    );
    expect(view.lastHealthCheck).toBeNull();

    const healthyAt = new Date();
    await publishHealthChecked(view.id, { outcome: "healthy", errorKind: null, checkedAt: healthyAt });
    await vi.waitFor(
      async () =>
        expect(
          (await env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).lastHealthCheck,
        ).toEqual({
          status: "healthy",
          checkedAt: healthyAt.toISOString(),
        }),
      { timeout: 10_000, interval: 50 },
    );

    // a transient failure of the check itself records the outcome but leaves the status alone
    const failedAt = new Date(healthyAt.getTime() + 1_000);
    await publishHealthChecked(view.id, { outcome: "error", errorKind: "transient", checkedAt: failedAt });
    await vi.waitFor(
      async () =>
        expect(
          (await env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).lastHealthCheck?.status,
        ).toBe("error"),
      { timeout: 10_000, interval: 50 },
    );
    expect((await env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).status).toBe("active");

    const revokedAt = new Date(healthyAt.getTime() + 2_000);
    await publishHealthChecked(view.id, {
      outcome: "unhealthy",
      errorKind: "auth_revoked",
      checkedAt: revokedAt,
    });
    await publishHealthChecked(view.id, {
      outcome: "unhealthy",
      errorKind: "auth_revoked",
      checkedAt: revokedAt,
    });
    await vi.waitFor(
      async () =>
        expect(await env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).toMatchObject({
          status: "needs_reauth",
          lastHealthCheck: { status: "unhealthy", checkedAt: revokedAt.toISOString() },
        }),
      { timeout: 10_000, interval: 50 },
    );

    // an older check arriving late changes nothing
    await publishHealthChecked(view.id, { outcome: "healthy", errorKind: null, checkedAt: healthyAt });
    await vi.waitFor(() => expect(statusEventsOf(view.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    const again = await env.rpc.call(GetConnection, { tenantId, connectionId: view.id });
    expect(again.lastHealthCheck?.checkedAt).toBe(revokedAt.toISOString());
    expect(statusEventsOf(view.id).map((e) => [e.data.from, e.data.to])).toEqual([
      ["active", "needs_reauth"],
    ]);
  });
});
