import {
  CreateWebhookEndpoint,
  ListWebhookDeliveries,
  newId,
  PostTargetDeadLettered,
  PostTargetPublished,
  ReplayWebhookDelivery,
  RotateWebhookSecret,
  TestWebhookEndpoint,
} from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { WebhookService } from "../src/service";
import { type EventSource, startEventSource } from "./support/event-source";
import { startReceiver, type TestReceiver } from "./support/receiver";
import { sampleEvents } from "./support/sample-events";
import { verifyPostdWebhook } from "./support/verify-webhook";
import { createWebhookTestEnv, type WebhookTestEnv } from "./support/webhook-env";

// 1e-4: the 32.6-hour retry schedule takes about 12 s, the 24-hour secret overlap about 8.6 s.
const timeScale = 0.0001;
let env: WebhookTestEnv;
let service: WebhookService;
let source: EventSource;
const tenantId = newId("tenant");

beforeAll(async () => {
  env = await createWebhookTestEnv({ env: { TIME_SCALE: String(timeScale) } });
  service = await env.start();
  source = await startEventSource({ databaseUrl: env.database.url, nc: env.nc, ns: env.ns });
});

afterAll(async () => {
  await source?.stop();
  await env?.close();
});

async function endpointFor(receiver: TestReceiver, events: string[]) {
  return env.rpc.call(CreateWebhookEndpoint, { tenantId, url: receiver.url, events: events as never });
}

async function deliveryFor(endpointId: string) {
  const list = await env.rpc.call(ListWebhookDeliveries, { tenantId, endpointId });
  const delivery = list.data[0];
  if (!delivery) throw new Error("no delivery yet");
  return delivery;
}

async function attemptsOf(deliveryId: string) {
  return (await env.sql`
    select number, status_code, latency_ms, response_excerpt, error
    from webhooks.delivery_attempts where delivery_id = ${deliveryId} order by number`) as {
    number: number;
    status_code: number | null;
    latency_ms: number;
    response_excerpt: string | null;
    error: string | null;
  }[];
}

describe("retries", () => {
  it("delivers on the fourth attempt after three 500s, with every attempt logged", async () => {
    const receiver = await startReceiver();
    receiver.answer = (_request, n) => (n <= 3 ? { status: 500, body: `boom ${n}` } : { status: 204 });
    const endpoint = await endpointFor(receiver, [PostTargetPublished.subject]);
    const sample = sampleEvents[0];
    await source.emit(PostTargetPublished, { tenantId, data: sample?.data as never });
    await vi.waitFor(
      async () => expect(await deliveryFor(endpoint.id)).toMatchObject({ status: "delivered" }),
      {
        timeout: 10_000,
      },
    );
    const delivery = await deliveryFor(endpoint.id);
    expect(delivery).toMatchObject({
      attempts: 4,
      lastStatusCode: 204,
      lastError: null,
      nextAttemptAt: null,
    });
    const attempts = await attemptsOf(delivery.id);
    expect(attempts.map((attempt) => attempt.status_code)).toEqual([500, 500, 500, 204]);
    expect(attempts.map((attempt) => attempt.response_excerpt)).toEqual(["boom 1", "boom 2", "boom 3", ""]);
    expect(attempts.map((attempt) => attempt.error)).toEqual(["HTTP 500", "HTTP 500", "HTTP 500", null]);
    expect(receiver.byWebhookId(delivery.id)).toHaveLength(4);
    // the same body each time; each attempt signed at its own time
    const bodies = new Set(receiver.received.map((request) => request.body));
    expect(bodies.size).toBe(1);
    const metrics = await service.runtime.telemetry.snapshot();
    const outcomes = metrics.filter((metric) => metric.name === "webhook.delivery.outcome");
    expect(outcomes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ labels: { outcome: "retrying", status_class: "5xx" } }),
        expect.objectContaining({ labels: { outcome: "delivered", status_class: "2xx" } }),
      ]),
    );
    expect(metrics.some((metric) => metric.name === "webhook.delivery.duration")).toBe(true);
    await receiver.close();
  });

  it("gives up after the retry horizon, shows the delivery dead, and replays it", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointFor(receiver, [PostTargetDeadLettered.subject]);
    await receiver.goDown();
    const started = Date.now();
    await source.emit(PostTargetDeadLettered, { tenantId, data: sampleEvents[1]?.data as never });
    await vi.waitFor(async () => expect(await deliveryFor(endpoint.id)).toMatchObject({ status: "dead" }), {
      timeout: 40_000,
      interval: 250,
    });
    // 1 + 7 retries, spread over at least the schedule's 32.6 hours (scaled)
    expect(Date.now() - started).toBeGreaterThanOrEqual(117_360_000 * timeScale);
    const dead = await env.rpc.call(ListWebhookDeliveries, {
      tenantId,
      endpointId: endpoint.id,
      status: "dead",
    });
    expect(dead.data).toHaveLength(1);
    expect(dead.data[0]).toMatchObject({ attempts: 8, nextAttemptAt: null, lastStatusCode: null });
    expect(dead.data[0]?.lastError).toMatch(/ECONNREFUSED/);
    const deliveryId = dead.data[0]?.id ?? "";
    expect((await attemptsOf(deliveryId)).map((attempt) => attempt.number)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);

    await receiver.comeUp();
    const replayed = await env.rpc.call(ReplayWebhookDelivery, { tenantId, deliveryId });
    expect(replayed).toMatchObject({ id: deliveryId, status: "pending", attempts: 8 });
    await vi.waitFor(
      async () => expect(await deliveryFor(endpoint.id)).toMatchObject({ status: "delivered", attempts: 9 }),
      { timeout: 10_000, interval: 50 },
    );
    expect(receiver.byWebhookId(deliveryId)).toHaveLength(1);
    expect(
      await env.rpc.call(ListWebhookDeliveries, { tenantId, endpointId: endpoint.id, status: "dead" }),
    ).toEqual({ data: [], nextCursor: null });
    await receiver.close();
  }, 60_000);

  it("signs with both secrets during a rotation, either verifying, and with the new one only after 24 h", async () => {
    const receiver = await startReceiver();
    const endpoint = await endpointFor(receiver, [PostTargetPublished.subject]);
    const oldSecret = endpoint.secret;
    const rotation = await env.rpc.call(RotateWebhookSecret, { tenantId, endpointId: endpoint.id });
    const newSecret = rotation.secret;
    expect(newSecret).not.toBe(oldSecret);
    expect(new Date(rotation.previousSecretExpiresAt).getTime() - Date.now()).toBeLessThanOrEqual(
      86_400_000 * timeScale,
    );

    const during = await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id });
    await vi.waitFor(() => expect(receiver.byWebhookId(during.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    const signed = receiver.byWebhookId(during.id)[0];
    const verify = (secrets: string[], request = signed) =>
      verifyPostdWebhook({ rawBody: request?.body ?? "", headers: request?.headers ?? {}, secrets });
    expect(String(signed?.headers["postd-signature"]).match(/v1=/g)).toHaveLength(2);
    expect(verify([oldSecret])).toBe(true);
    expect(verify([newSecret])).toBe(true);
    expect(verify(["whsec_other"])).toBe(false);

    const overlapEnds = new Date(rotation.previousSecretExpiresAt).getTime();
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(overlapEnds), {
      timeout: 15_000,
      interval: 200,
    });
    const after = await env.rpc.call(TestWebhookEndpoint, { tenantId, endpointId: endpoint.id });
    await vi.waitFor(() => expect(receiver.byWebhookId(after.id)).toHaveLength(1), {
      timeout: 10_000,
      interval: 50,
    });
    const late = receiver.byWebhookId(after.id)[0];
    expect(String(late?.headers["postd-signature"]).match(/v1=/g)).toHaveLength(1);
    expect(verify([newSecret], late)).toBe(true);
    expect(verify([oldSecret], late)).toBe(false);
    await receiver.close();
  }, 30_000);
});
