import { CreateWebhookEndpoint, ListWebhookDeliveries, newId, PostTargetPublished } from "@postd/contracts";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { deliverJobId } from "../src/jobs/deliver.job";
import type { WebhookService } from "../src/service";
import { type EventSource, startEventSource } from "./support/event-source";
import { startReceiver, type TestReceiver } from "./support/receiver";
import { sampleEvents } from "./support/sample-events";
import { createWebhookTestEnv, type WebhookTestEnv } from "./support/webhook-env";

// 1e-2: retries after 0.6 s, 3 s, 18 s; the periodic reconciler is pushed out of the way (it runs at start only)
let env: WebhookTestEnv;
let service: WebhookService;
let source: EventSource;
let receiver: TestReceiver;
const tenantId = newId("tenant");

beforeAll(async () => {
  env = await createWebhookTestEnv({
    env: { TIME_SCALE: "0.01", WEBHOOK_RECONCILE_INTERVAL_SECONDS: "86400" },
  });
  service = await env.start();
  source = await startEventSource({ databaseUrl: env.database.url, nc: env.nc, ns: env.ns });
  receiver = await startReceiver();
});

afterAll(async () => {
  await source?.stop();
  await receiver?.close();
  await env?.close();
});

describe("the reconciler", () => {
  it("rebuilds the delivery jobs from Postgres after Redis is wiped, and each delivery is sent once", async () => {
    const endpoint = await env.rpc.call(CreateWebhookEndpoint, { tenantId, url: receiver.url });
    await receiver.goDown();
    for (let i = 0; i < 5; i++) {
      await source.emit(PostTargetPublished, {
        tenantId,
        data: { ...sampleEvents[0]?.data, targetId: newId("target") } as never,
      });
    }
    const waiting = async () =>
      (await env.rpc.call(ListWebhookDeliveries, { tenantId, endpointId: endpoint.id })).data;
    await vi.waitFor(
      async () => {
        const list = await waiting();
        expect(list).toHaveLength(5);
        for (const delivery of list) expect(delivery).toMatchObject({ status: "retrying", attempts: 2 });
      },
      { timeout: 15_000, interval: 100 },
    );

    await env.redis.cleanup();
    for (const delivery of await waiting()) {
      expect(await service.queue.getJob(deliverJobId(delivery.id, 3))).toBeUndefined();
    }
    await receiver.comeUp();
    expect(await service.reconciler.runNow()).toEqual({ checked: 5, added: 5, restarted: 0 });
    await vi.waitFor(
      async () => {
        for (const delivery of await waiting())
          expect(delivery).toMatchObject({ status: "delivered", attempts: 3 });
      },
      { timeout: 30_000, interval: 200 },
    );
    for (const delivery of await waiting()) expect(receiver.byWebhookId(delivery.id)).toHaveLength(1);
    const report = await service.reconciler.runNow();
    expect(report).toEqual({ checked: 0, added: 0, restarted: 0 });
  }, 60_000);
});
