import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { ChaosSystem } from "./chaos-system";

/** A tenant's webhook endpoint as a local HTTP server: it answers 200 and keeps every delivery id it got. */
export interface WebhookReceiver {
  url: string;
  /** `Postd-Webhook-Id` of every delivery received (a retried delivery counts once) */
  received: Set<string>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received = new Set<string>();
  const server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      const id = request.headers["postd-webhook-id"];
      if (typeof id === "string") received.add(id);
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/postd-hooks`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The post outcome events, the ones a webhook endpoint of the chaos tenant subscribes to. */
export const outcomeEvents = [
  "post.target_published.v1",
  "post.target_dead_lettered.v1",
  "post.target_unconfirmed.v1",
];

/** Registers the receiver as the tenant's endpoint for the post outcome events; answers the endpoint id. */
export async function registerEndpoint(
  chaos: Pick<ChaosSystem, "api">,
  receiver: WebhookReceiver,
): Promise<string> {
  const created = await chaos.api<{ id: string }>("POST", "/api/webhook-endpoints", {
    body: { url: receiver.url, events: outcomeEvents, description: "chaos receiver" },
  });
  if (created.status !== 201) throw new Error(`endpoint not created: ${JSON.stringify(created.body)}`);
  return created.body.id;
}

export interface EventAccounting {
  /** outcome events publish-service wrote to its outbox for the tenant */
  written: number;
  /** of which not yet sent to JetStream */
  unsent: number;
  /** outcome events of the outbox without a delivery to the endpoint (not consumed) */
  notConsumed: string[];
  /** deliveries not yet received by the endpoint */
  notReceived: string[];
}

/**
 * Follows every outcome event from the outbox to the tenant's endpoint: written in publish-service's outbox →
 * published to JetStream (`sent_at`) → consumed by webhook-service (a delivery row for the event id) → POSTed
 * to the receiver (its `Postd-Webhook-Id`).
 */
export async function accountEvents(
  chaos: Pick<ChaosSystem, "sql" | "tenantId">,
  input: { endpointId: string; receiver: WebhookReceiver },
): Promise<EventAccounting> {
  const rows = await chaos.sql<{ id: string; sentAt: Date | null; deliveryId: string | null }[]>`
    select o.id, o.sent_at as "sentAt", d.id as "deliveryId"
    from publish.outbox o
    left join webhooks.deliveries d on d.event_id = o.id and d.endpoint_id = ${input.endpointId}
    where o.payload ->> 'tenantId' = ${chaos.tenantId}
      and o.subject like any (${chaos.sql.array(outcomeEvents.map((event) => `%${event}`))})`;
  return {
    written: rows.length,
    unsent: rows.filter((row) => row.sentAt === null).length,
    notConsumed: rows.filter((row) => row.deliveryId === null).map((row) => row.id),
    notReceived: rows
      .filter((row) => row.deliveryId !== null && !input.receiver.received.has(row.deliveryId))
      .map((row) => row.deliveryId ?? ""),
  };
}
