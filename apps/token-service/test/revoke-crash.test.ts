import { connectViaSim, simConnectors } from "@postd/connectors/testing";
import {
  ConnectionConnected,
  ConnectionRevoked,
  newId,
  RevokeConnection,
  StoreConnection,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventRecorder, recordConnectionEvents } from "./support/event-recorder";
import { simGrants } from "./support/sim-checks";
import { createTokenTestEnv, type TokenTestEnv } from "./support/token-env";

let env: TokenTestEnv;
let events: EventRecorder;
const tenantId = newId("tenant");

beforeAll(async () => {
  env = await createTokenTestEnv();
  events = await recordConnectionEvents(env);
});

afterAll(async () => {
  await events?.stop();
  await env?.close();
});

describe("disconnect and a crash right after the commit", () => {
  it("still delivers connection.revoked.v1: the outbox row is published by the restarted process", async () => {
    // token-service as a process that SIGKILLs itself right after a disconnect commits (TEST_CRASH_POINT)
    const crashing = await env.spawn({ TEST_CRASH_POINT: "after-revoke-commit" });
    const request = await connectViaSim(simConnectors(env.sim), { tenantId, platform: "tiktok" });
    const view = await env.rpc.call(StoreConnection, request);
    await vi.waitFor(
      () => expect(events.of(ConnectionConnected).map((e) => e.data.connectionId)).toContain(view.id),
      { timeout: 10_000, interval: 50 },
    );

    const answer = env.rpc
      .call(RevokeConnection, { tenantId, connectionId: view.id }, { timeoutMs: 3_000 })
      .catch((error: unknown) => error);
    await expect(crashing.waitForExit()).resolves.toMatchObject({ signal: "SIGKILL" });
    await expect(answer).resolves.toMatchObject({ code: "UNAVAILABLE" });

    // committed: revoked, secrets gone, grant revoked at the sim, and the event waiting unsent in the outbox
    const [row] = await env.sql<{ status: string; secrets: number }[]>`
      select status, (select count(*)::int from token.secrets s where s.connection_id = c.id) as secrets
      from token.connections c where id = ${view.id}`;
    expect(row).toEqual({ status: "revoked", secrets: 0 });
    expect((await simGrants(env.sim, "tiktok", request.externalUserId)).every((grant) => grant.revoked)).toBe(
      true,
    );
    const unsent = await env.sql<{ id: string }[]>`
      select id from token.outbox where sent_at is null and subject like ${`%${ConnectionRevoked.subject}`}`;
    expect(unsent).toHaveLength(1);
    expect(events.of(ConnectionRevoked)).toHaveLength(0);

    await env.spawn();
    await vi.waitFor(() => expect(events.of(ConnectionRevoked).map((e) => e.id)).toEqual([unsent[0]?.id]), {
      timeout: 15_000,
    });
    expect(events.of(ConnectionRevoked)[0]?.data).toMatchObject({
      connectionId: view.id,
      reason: "tenant_disconnected",
    });
  }, 120_000);
});
