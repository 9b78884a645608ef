import { CreateWebhookEndpoint, ListWebhookDeliveries, newId, PostTargetPublished } from "@postd/contracts";
import type { SpawnedService } from "@postd/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type EventSource, startEventSource } from "./support/event-source";
import { startReceiver, type TestReceiver } from "./support/receiver";
import { sampleEvents } from "./support/sample-events";
import { verifyPostdWebhook } from "./support/verify-webhook";
import { createWebhookTestEnv, type WebhookTestEnv } from "./support/webhook-env";

const total = 200;
const concurrency = 10;
let env: WebhookTestEnv;
let source: EventSource;
let receiver: TestReceiver;
const tenantId = newId("tenant");

beforeAll(async () => {
  // a short attempt timeout keeps the lease (and BullMQ's lock) of attempts cut off by the kill short
  env = await createWebhookTestEnv({
    env: {
      WEBHOOK_TIMEOUT_MS: "1500",
      WEBHOOK_DELIVERY_CONCURRENCY: String(concurrency),
      TIME_SCALE: "0.001",
    },
  });
  source = await startEventSource({ databaseUrl: env.database.url, nc: env.nc, ns: env.ns });
  receiver = await startReceiver();
  receiver.answer = () => ({ status: 200, delayMs: 5 });
});

afterAll(async () => {
  await source?.stop();
  await receiver?.close();
  await env?.close();
});

/** The webhook ids the receiver saw for each event (by its target id), and how many requests each id made. */
function receivedByEvent() {
  const idsByTarget = new Map<string, Set<string>>();
  const requestsById = new Map<string, number>();
  for (const request of receiver.received) {
    const body = JSON.parse(request.body) as { id: string; data: { targetId: string } };
    const ids = idsByTarget.get(body.data.targetId) ?? new Set<string>();
    ids.add(body.id);
    idsByTarget.set(body.data.targetId, ids);
    requestsById.set(body.id, (requestsById.get(body.id) ?? 0) + 1);
  }
  return { idsByTarget, requestsById };
}

describe("webhook-service killed mid-stream", () => {
  it("delivers every event after a restart, none as two deliveries", async () => {
    let service: SpawnedService = await env.spawn();
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, {
      tenantId,
      url: receiver.url,
      events: ["post.target_published.v1"],
    });
    const targets: string[] = [];
    const emitting = (async () => {
      for (let i = 0; i < total; i++) {
        const targetId = newId("target");
        targets.push(targetId);
        await source.emit(PostTargetPublished, {
          tenantId,
          data: { ...sampleEvents[0]?.data, targetId } as never,
        });
      }
    })();
    await vi.waitFor(() => expect(receiver.received.length).toBeGreaterThanOrEqual(40), {
      timeout: 30_000,
      interval: 5,
    });
    service.kill();
    await service.waitForExit();
    const atKill = receiver.received.length;
    expect(atKill).toBeLessThan(total);
    await emitting;
    service = await env.spawn();

    await vi.waitFor(() => expect(receivedByEvent().idsByTarget.size).toBe(total), {
      timeout: 60_000,
      interval: 200,
    });
    const { idsByTarget, requestsById } = receivedByEvent();
    for (const targetId of targets) expect(idsByTarget.get(targetId)?.size, targetId).toBe(1);
    expect(requestsById.size).toBe(total);
    // an attempt in flight at the kill may reach the receiver again under the same id (receivers dedupe on it)
    const resent = [...requestsById.values()].filter((count) => count > 1);
    expect(resent.length).toBeLessThanOrEqual(concurrency);
    expect(Math.max(...requestsById.values())).toBeLessThanOrEqual(2);

    const [counts] = await env.sql`
      select count(*)::int as deliveries, count(distinct event_id)::int as events,
             count(*) filter (where status = 'delivered')::int as delivered
      from webhooks.deliveries where endpoint_id = ${endpoint.id}`;
    await vi.waitFor(
      async () => {
        const [row] = await env.sql`select count(*) filter (where status = 'delivered')::int as delivered
        from webhooks.deliveries where endpoint_id = ${endpoint.id}`;
        expect(row?.delivered).toBe(total);
      },
      { timeout: 30_000, interval: 100 },
    );
    expect(counts).toMatchObject({ deliveries: total, events: total });
    for (const request of receiver.received.slice(0, 20)) {
      expect(
        verifyPostdWebhook({ rawBody: request.body, headers: request.headers, secrets: [endpoint.secret] }),
      ).toBe(true);
    }
    const page = await env.rpc.call(ListWebhookDeliveries, {
      tenantId,
      endpointId: endpoint.id,
      status: "delivered",
      limit: 100,
    });
    expect(page.data).toHaveLength(100);
    await service.stop();
  }, 120_000);
});
