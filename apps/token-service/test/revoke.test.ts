import { jetstream } from "@nats-io/jetstream";
import type { ConnectorRegistry } from "@postd/connectors";
import { connectViaSim, simConnectors } from "@postd/connectors/testing";
import {
  ConnectionConnected,
  ConnectionRevoked,
  GetAccessToken,
  GetConnection,
  namespaced,
  newId,
  type Platform,
  RevokeConnection,
  StoreConnection,
  WebhookReceived,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { TokenService } from "../src/service";
import { type EventRecorder, recordConnectionEvents } from "./support/event-recorder";
import { simCalls, simGrants } from "./support/sim-checks";
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

async function secretCount(connectionId: string): Promise<number> {
  const [row] = await env.sql<{ count: number }[]>`
    select count(*)::int as count from token.secrets where connection_id = ${connectionId}`;
  return row?.count ?? -1;
}

async function eventBarrier(): Promise<void> {
  const { view } = await connect("mailchimp");
  await vi.waitFor(
    () => expect(events.of(ConnectionConnected).some((e) => e.data.connectionId === view.id)).toBe(true),
    { timeout: 10_000, interval: 50 },
  );
}

const revokedEventsOf = (connectionId: string) =>
  events.of(ConnectionRevoked).filter((e) => e.data.connectionId === connectionId);

describe("disconnect", () => {
  it.each(["tiktok", "gbp", "meta"] as const)(
    "%s: revokes the grant at the platform, deletes the secrets, emits connection.revoked.v1",
    async (platform) => {
      const { request, view } = await connect(platform);
      expect(await secretCount(view.id)).toBeGreaterThan(0);
      const answer = await env.rpc.call(RevokeConnection, { tenantId, connectionId: view.id });
      expect(answer).toMatchObject({ connectionId: view.id, revokedAtPlatform: true });
      expect(
        (await simGrants(env.sim, platform, request.externalUserId)).every((grant) => grant.revoked),
      ).toBe(true);
      expect(await secretCount(view.id)).toBe(0);
      await expect(env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).resolves.toMatchObject({
        status: "revoked",
      });
      await expect(
        env.rpc.call(GetAccessToken, { tenantId, connectionId: view.id, purpose: "publish" }),
      ).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(
        env.rpc.call(RevokeConnection, { tenantId, connectionId: view.id }),
      ).resolves.toMatchObject({
        revokedAtPlatform: false,
        detail: expect.stringContaining("already"),
      });
      await eventBarrier();
      const revoked = revokedEventsOf(view.id);
      expect(revoked).toHaveLength(1);
      expect(revoked[0]?.data).toMatchObject({
        connectionId: view.id,
        platform,
        reason: "tenant_disconnected",
      });
      expect(revoked[0]?.data.accountIds.slice().sort()).toEqual(view.accounts.map((a) => a.id).sort());
    },
  );

  it("a platform without revocation (LinkedIn) is disconnected here and says so", async () => {
    const { view } = await connect("linkedin");
    const answer = await env.rpc.call(RevokeConnection, { tenantId, connectionId: view.id });
    expect(answer.revokedAtPlatform).toBe(false);
    expect(answer.detail).toMatch(/linkedin offers no revocation/);
    expect(await secretCount(view.id)).toBe(0);
    await vi.waitFor(() => expect(revokedEventsOf(view.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
  });
});

describe("authorization removed at the platform", () => {
  it("revokes the matching connection once, however often the event is delivered", async () => {
    const { request, view } = await connect("tiktok", "-000tt-open-bob");
    const built = await env.sim.control<{ headers: Record<string, string>; body: string }>(
      "POST",
      "/_sim/webhooks/build",
      {
        platform: "tiktok",
        event: "authorization.removed",
        params: { openId: request.externalUserId },
      },
    );
    const [parsed] = connectors
      .get("tiktok")
      .parseWebhookEvent({ rawBody: Buffer.from(built.body), headers: built.headers, query: {} });
    expect(parsed).toMatchObject({
      kind: "authorization_removed",
      externalAccountId: request.externalUserId,
    });
    const envelope = (id: string) => ({
      id,
      subject: WebhookReceived.subject,
      occurredAt: new Date().toISOString(),
      tenantId: null,
      data: {
        receiptId: "whr_test",
        platform: "tiktok",
        kind: parsed?.kind,
        platformEventId: parsed?.platformEventId,
        externalAccountId: parsed?.externalAccountId,
        connectionId: null,
        occurredAt: parsed?.occurredAt.toISOString(),
        data: parsed?.data,
      },
    });
    await env.sim.control("DELETE", "/_sim/calls");
    const js = jetstream(env.nc);
    const subject = namespaced(env.ns, WebhookReceived.subject);
    const first = envelope(newId("event"));
    // the same envelope redelivered (past JetStream's duplicate window), then a second receipt of the same removal
    await js.publish(subject, JSON.stringify(first), { msgID: `${first.id}-1` });
    await js.publish(subject, JSON.stringify(first), { msgID: `${first.id}-2` });
    await js.publish(subject, JSON.stringify(envelope(newId("event"))));

    await vi.waitFor(() => expect(revokedEventsOf(view.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    await expect(env.rpc.call(GetConnection, { tenantId, connectionId: view.id })).resolves.toMatchObject({
      status: "revoked",
    });
    expect(await secretCount(view.id)).toBe(0);
    await vi.waitFor(
      async () => {
        const [row] = await env.sql<
          { count: number }[]
        >`select count(*)::int as count from token.processed_events`;
        expect(row?.count).toBe(2);
      },
      { timeout: 10_000, interval: 50 },
    );
    await eventBarrier();
    expect(revokedEventsOf(view.id).map((e) => e.data.reason)).toEqual(["platform_authorization_removed"]);
    expect(await simCalls(env.sim, "POST open.tiktokapis.com/v2/oauth/revoke/")).toBe(0);
  });
});
