import { jetstream } from "@nats-io/jetstream";
import {
  CreateWebhookEndpoint,
  ListWebhookDeliveries,
  namespaced,
  newId,
  PostTargetPublished,
  TestWebhookEndpoint,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventSource, startEventSource } from "./support/event-source";
import { startReceiver, type TestReceiver } from "./support/receiver";
import { sampleEvents } from "./support/sample-events";
import { verifyPostdWebhook } from "./support/verify-webhook";
import { createWebhookTestEnv, type WebhookTestEnv } from "./support/webhook-env";

let env: WebhookTestEnv;
let source: EventSource;
let all: TestReceiver;
let filtered: TestReceiver;
let foreign: TestReceiver;
const tenantId = newId("tenant");
const otherTenantId = newId("tenant");
const secrets = new Map<TestReceiver, string>();

async function register(receiver: TestReceiver, input: { tenantId: string; events?: string[] }) {
  const created = await env.rpc.call(CreateWebhookEndpoint, {
    tenantId: input.tenantId,
    url: receiver.url,
    ...(input.events ? { events: input.events as never } : {}),
  });
  secrets.set(receiver, created.secret);
  return created;
}

function secretOf(receiver: TestReceiver): string {
  const secret = secrets.get(receiver);
  if (!secret) throw new Error("no secret for that receiver");
  return secret;
}

beforeAll(async () => {
  env = await createWebhookTestEnv();
  await env.start();
  source = await startEventSource({ databaseUrl: env.database.url, nc: env.nc, ns: env.ns });
  [all, filtered, foreign] = await Promise.all([startReceiver(), startReceiver(), startReceiver()]);
  await register(all, { tenantId });
  await register(filtered, { tenantId, events: ["post.target_published.v1"] });
  await register(foreign, { tenantId: otherTenantId });
});

afterAll(async () => {
  await source?.stop();
  await Promise.all([all, filtered, foreign].map((receiver) => receiver?.close()));
  await env?.close();
});

describe("webhook deliveries", () => {
  it("sends every event type to the tenant's endpoints that want it, signed, and to no one else", async () => {
    const emitted = new Map<string, Record<string, unknown>>();
    for (const sample of sampleEvents) {
      await source.emit(sample.event, { tenantId, data: sample.data as never });
      emitted.set(sample.event.subject, sample.data);
    }
    await vi.waitFor(() => expect(all.received).toHaveLength(sampleEvents.length), { timeout: 15_000 });
    await vi.waitFor(() => expect(filtered.received).toHaveLength(1), { timeout: 10_000, interval: 50 });
    for (const request of all.received) {
      expect(
        verifyPostdWebhook({ rawBody: request.body, headers: request.headers, secrets: [secretOf(all)] }),
      ).toBe(true);
      expect(request.headers["content-type"]).toBe("application/json");
      expect(request.headers["user-agent"]).toBe("postd-webhooks/1");
      const body = JSON.parse(request.body) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(["id", "event", "createdAt", "tenantId", "data"]);
      expect(body.id).toBe(request.headers["postd-webhook-id"]);
      expect(body.id).toMatch(/^whd_/);
      expect(body.tenantId).toBe(tenantId);
      expect(body.data).toEqual(emitted.get(String(body.event)));
      expect(new Date(String(body.createdAt)).getTime()).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(new Set(all.received.map((request) => JSON.parse(request.body).event))).toEqual(
      new Set(sampleEvents.map((sample) => sample.event.subject)),
    );
    expect(JSON.parse(filtered.received[0]?.body ?? "{}").event).toBe("post.target_published.v1");
    expect(foreign.received).toHaveLength(0);
  });

  it("fails verification for a body changed by one byte, a stale timestamp or a wrong secret", () => {
    const request = all.received[0];
    if (!request) throw new Error("nothing was delivered");
    const secret = secretOf(all);
    const verify = (overrides: Partial<Parameters<typeof verifyPostdWebhook>[0]>) =>
      verifyPostdWebhook({
        rawBody: request.body,
        headers: request.headers,
        secrets: [secret],
        ...overrides,
      });
    expect(verify({})).toBe(true);
    const flipped = request.body.replace(
      /"tenantId":"ten_(.)/,
      (_, c: string) => `"tenantId":"ten_${c === "a" ? "b" : "a"}`,
    );
    expect(flipped).not.toBe(request.body);
    expect(verify({ rawBody: flipped })).toBe(false);
    expect(verify({ rawBody: `${request.body} ` })).toBe(false);
    const sentAt = Number(request.headers["postd-webhook-timestamp"]);
    expect(verify({ nowSeconds: sentAt + 301 })).toBe(false);
    expect(verify({ nowSeconds: sentAt + 299 })).toBe(true);
    expect(verify({ secrets: [secretOf(filtered)] })).toBe(false);
    expect(verify({ secrets: ["whsec_wrong"] })).toBe(false);
  });

  it("makes one delivery of an event JetStream hands over twice", async () => {
    const envelope = {
      id: newId("event"),
      subject: PostTargetPublished.subject,
      occurredAt: new Date().toISOString(),
      tenantId,
      data: { ...sampleEvents[0]?.data, targetId: newId("target") },
    };
    const js = jetstream(env.nc);
    const before = all.received.length;
    for (const msgID of ["first-copy", "second-copy"]) {
      await js.publish(namespaced(env.ns, envelope.subject), JSON.stringify(envelope), {
        msgID: `${envelope.id}-${msgID}`,
      });
    }
    await vi.waitFor(() => expect(all.received.length).toBe(before + 1), { timeout: 10_000 });
    const rows =
      await env.sql`select count(*)::int as n from webhooks.deliveries where event_id = ${envelope.id}`;
    // one for each endpoint of the tenant that wants it: all and filtered
    expect(rows[0]?.n).toBe(2);
  });

  it("sends a ping to an endpoint whatever its filter, and lists it", async () => {
    const [endpoint] = (await env.sql`select id from webhooks.endpoints where url = ${filtered.url}`) as {
      id: string;
    }[];
    if (!endpoint) throw new Error("endpoint not found");
    const ping = await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id });
    expect(ping).toMatchObject({ event: "ping", status: "pending", attempts: 0 });
    await vi.waitFor(() => expect(filtered.byWebhookId(ping.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    const request = filtered.byWebhookId(ping.id)[0];
    expect(JSON.parse(request?.body ?? "{}")).toMatchObject({
      event: "ping",
      data: { endpointId: endpoint.id },
    });
    expect(
      verifyPostdWebhook({
        rawBody: request?.body ?? "",
        headers: request?.headers ?? {},
        secrets: [secretOf(filtered)],
      }),
    ).toBe(true);
    await vi.waitFor(
      async () => {
        const list = await env.rpc.call(ListWebhookDeliveries, { tenantId, endpointId: endpoint.id });
        expect(list.data[0]).toMatchObject({
          id: ping.id,
          event: "ping",
          status: "delivered",
          attempts: 1,
          lastStatusCode: 200,
        });
      },
      { timeout: 10_000, interval: 50 },
    );
  });
});
