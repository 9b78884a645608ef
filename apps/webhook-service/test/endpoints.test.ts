import {
  CreateWebhookEndpoint,
  DeleteWebhookEndpoint,
  GetWebhookEndpoint,
  ListWebhookDeliveries,
  ListWebhookEndpoints,
  newId,
  PostTargetPublished,
  ReplayWebhookDelivery,
  RotateWebhookSecret,
  TestWebhookEndpoint,
  UpdateWebhookEndpoint,
} from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventSource, startEventSource } from "./support/event-source";
import { startReceiver, type TestReceiver } from "./support/receiver";
import { sampleEvents } from "./support/sample-events";
import { createWebhookTestEnv, type WebhookTestEnv } from "./support/webhook-env";

// 1e-4 and 1 hour: an endpoint failing for 0.36 s is disabled
let env: WebhookTestEnv;
let source: EventSource;
let receiver: TestReceiver;
const tenantId = newId("tenant");
const otherTenantId = newId("tenant");

beforeAll(async () => {
  env = await createWebhookTestEnv({
    env: { TIME_SCALE: "0.0001", WEBHOOK_DISABLE_AFTER_HOURS: "1", WEBHOOK_MAX_ENDPOINTS_PER_TENANT: "5" },
  });
  await env.start();
  source = await startEventSource({ databaseUrl: env.database.url, nc: env.nc, ns: env.ns });
  receiver = await startReceiver();
});

afterAll(async () => {
  await source?.stop();
  await receiver?.close();
  await env?.close();
});

async function failure(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof AppError)) throw new Error("the call succeeded");
  return error;
}

describe("endpoints", () => {
  it("creates, lists, gets, updates and deletes an endpoint; the secret is shown once and stored encrypted", async () => {
    const created = await env.rpc.call(CreateWebhookEndpoint, {
      tenantId,
      url: receiver.url,
      events: ["post.target_published.v1", "post.target_published.v1"],
      description: "orders system",
    });
    expect(created).toMatchObject({
      id: expect.stringMatching(/^whe_/),
      url: receiver.url,
      events: ["post.target_published.v1"],
      description: "orders system",
      enabled: true,
      disabledReason: null,
      previousSecretExpiresAt: null,
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9_-]{43}$/),
    });
    const { secret, ...view } = created;
    expect(await env.rpc.call(GetWebhookEndpoint, { tenantId, endpointId: created.id })).toEqual(view);
    const list = await env.rpc.call(ListWebhookEndpoints, { tenantId });
    expect(list.data).toEqual([view]);
    expect(JSON.stringify(list)).not.toContain('secret"');

    const dump = await env.sql`select * from webhooks.endpoints`;
    expect(JSON.stringify(dump)).not.toContain(secret);
    expect(String(dump[0]?.secret_ciphertext)).toMatch(/^v1\./);

    const updated = await env.rpc.call(UpdateWebhookEndpoint, {
      tenantId,
      endpointId: created.id,
      events: [],
      description: null,
    });
    expect(updated).toMatchObject({ events: [], description: null, url: receiver.url });

    const rotated = await env.rpc.call(RotateWebhookSecret, { tenantId, endpointId: created.id });
    expect(JSON.stringify(await env.sql`select * from webhooks.endpoints`)).not.toContain(rotated.secret);
    expect(
      (await env.rpc.call(GetWebhookEndpoint, { tenantId, endpointId: created.id })).previousSecretExpiresAt,
    ).toBe(rotated.previousSecretExpiresAt);

    await env.rpc.call(DeleteWebhookEndpoint, { tenantId, endpointId: created.id });
    expect((await failure(env.rpc.call(GetWebhookEndpoint, { tenantId, endpointId: created.id }))).code).toBe(
      "NOT_FOUND",
    );
    expect((await env.rpc.call(ListWebhookEndpoints, { tenantId })).data).toEqual([]);
  });

  it("answers another tenant's endpoint and delivery exactly like a missing one", async () => {
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, { tenantId, url: receiver.url });
    const ping = await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id });
    const missingEndpoint = newId("webhookEndpoint");
    const calls = [
      (id: string) => env.rpc.call(GetWebhookEndpoint, { tenantId: otherTenantId, endpointId: id }),
      (id: string) =>
        env.rpc.call(UpdateWebhookEndpoint, { tenantId: otherTenantId, endpointId: id, enabled: false }),
      (id: string) => env.rpc.call(RotateWebhookSecret, { tenantId: otherTenantId, endpointId: id }),
      (id: string) => env.rpc.call(TestWebhookEndpoint, { tenantId: otherTenantId, endpointId: id }),
      (id: string) => env.rpc.call(ListWebhookDeliveries, { tenantId: otherTenantId, endpointId: id }),
      (id: string) => env.rpc.call(DeleteWebhookEndpoint, { tenantId: otherTenantId, endpointId: id }),
    ];
    for (const call of calls) {
      const foreign = await failure(call(endpoint.id));
      const missing = await failure(call(missingEndpoint));
      expect(foreign.code).toBe("NOT_FOUND");
      expect(foreign.message).toBe(missing.message.replace(missingEndpoint, endpoint.id));
    }
    const replay = await failure(
      env.rpc.call(ReplayWebhookDelivery, { tenantId: otherTenantId, deliveryId: ping.id }),
    );
    expect(replay.code).toBe("NOT_FOUND");
    expect((await env.rpc.call(ListWebhookEndpoints, { tenantId: otherTenantId })).data).toEqual([]);
    await env.rpc.call(DeleteWebhookEndpoint, { tenantId, endpointId: endpoint.id });
  });

  it("pages deliveries newest first with a cursor, and filters by status", async () => {
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, { tenantId, url: receiver.url });
    const pings = [];
    for (let i = 0; i < 5; i++)
      pings.push(await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id }));
    await vi.waitFor(
      async () => {
        const delivered = await env.rpc.call(ListWebhookDeliveries, {
          tenantId,
          endpointId: endpoint.id,
          status: "delivered",
        });
        expect(delivered.data).toHaveLength(5);
      },
      { timeout: 10_000, interval: 50 },
    );
    const first = await env.rpc.call(ListWebhookDeliveries, { tenantId, endpointId: endpoint.id, limit: 2 });
    const second = await env.rpc.call(ListWebhookDeliveries, {
      tenantId,
      endpointId: endpoint.id,
      limit: 2,
      cursor: first.nextCursor ?? "",
    });
    const third = await env.rpc.call(ListWebhookDeliveries, {
      tenantId,
      endpointId: endpoint.id,
      limit: 2,
      cursor: second.nextCursor ?? "",
    });
    expect([...first.data, ...second.data, ...third.data].map((d) => d.id)).toEqual(
      pings.map((p) => p.id).reverse(),
    );
    expect(third.nextCursor).toBeNull();
    const retrying = await env.rpc.call(ListWebhookDeliveries, {
      tenantId,
      endpointId: endpoint.id,
      status: "retrying",
    });
    expect(retrying.data).toEqual([]);
    await env.rpc.call(DeleteWebhookEndpoint, { tenantId, endpointId: endpoint.id });
  });

  it("limits the endpoints a tenant may have", async () => {
    const tenant = newId("tenant");
    for (let i = 0; i < 5; i++)
      await env.rpc.call(CreateWebhookEndpoint, { tenantId: tenant, url: receiver.url });
    const error = await failure(env.rpc.call(CreateWebhookEndpoint, { tenantId: tenant, url: receiver.url }));
    expect(error.code).toBe("CONFLICT");
  });
});

describe("an endpoint failing for too long", () => {
  it("is disabled with a note and an event to the tenant's other endpoints; re-enabling resets it", async () => {
    const tenant = newId("tenant");
    const failing = await startReceiver();
    failing.answer = () => ({ status: 503, body: "down for maintenance" });
    const watcher = await startReceiver();
    const bad = await env.rpc.call(CreateWebhookEndpoint, {
      tenantId: tenant,
      url: failing.url,
      events: ["post.target_published.v1"],
    });
    await env.rpc.call(CreateWebhookEndpoint, {
      tenantId: tenant,
      url: watcher.url,
      events: ["webhook.endpoint_disabled.v1"],
    });
    await source.emit(PostTargetPublished, { tenantId: tenant, data: sampleEvents[0]?.data as never });

    await vi.waitFor(
      async () =>
        expect(
          await env.rpc.call(GetWebhookEndpoint, { tenantId: tenant, endpointId: bad.id }),
        ).toMatchObject({ enabled: false }),
      { timeout: 15_000, interval: 100 },
    );
    const disabled = await env.rpc.call(GetWebhookEndpoint, { tenantId: tenant, endpointId: bad.id });
    expect(disabled.disabledReason).toMatch(
      /^disabled after failing every delivery since .* \(\d+ attempts; last: HTTP 503\)$/,
    );
    await vi.waitFor(() => expect(watcher.received).toHaveLength(1), { timeout: 10_000 });
    const notice = JSON.parse(watcher.received[0]?.body ?? "{}");
    expect(notice).toMatchObject({
      event: "webhook.endpoint_disabled.v1",
      tenantId: tenant,
      data: { endpointId: bad.id, reason: disabled.disabledReason },
    });
    expect(JSON.stringify(notice)).not.toContain(failing.url);

    // what was still waiting for it ends dead without another request; a ping is refused until it is enabled
    const sent = failing.received.length;
    await vi.waitFor(
      async () => {
        const list = await env.rpc.call(ListWebhookDeliveries, { tenantId: tenant, endpointId: bad.id });
        expect(list.data[0]).toMatchObject({
          status: "dead",
          lastError: expect.stringMatching(/endpoint is disabled/),
        });
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(failing.received.length).toBe(sent);
    expect(
      (await failure(env.rpc.call(TestWebhookEndpoint, { tenantId: tenant, endpointId: bad.id }))).code,
    ).toBe("CONFLICT");

    failing.answer = () => ({ status: 200 });
    const enabled = await env.rpc.call(UpdateWebhookEndpoint, {
      tenantId: tenant,
      endpointId: bad.id,
      enabled: true,
    });
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null });
    const [row] =
      await env.sql`select consecutive_failures, failing_since from webhooks.endpoints where id = ${bad.id}`;
    expect(row).toMatchObject({ consecutive_failures: 0, failing_since: null });
    const list = await env.rpc.call(ListWebhookDeliveries, { tenantId: tenant, endpointId: bad.id });
    await env.rpc.call(ReplayWebhookDelivery, { tenantId: tenant, deliveryId: list.data[0]?.id ?? "" });
    await vi.waitFor(
      async () => {
        const after = await env.rpc.call(ListWebhookDeliveries, { tenantId: tenant, endpointId: bad.id });
        expect(after.data[0]).toMatchObject({ status: "delivered" });
      },
      { timeout: 10_000, interval: 50 },
    );
    await Promise.all([failing.close(), watcher.close()]);
  }, 40_000);
});
