import { createHmac, randomBytes } from "node:crypto";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { WebhookDeliveryView, WebhookEndpointView } from "@postd/contracts";
import { loadConfig } from "@postd/service-kit";
import { startWebhookService, Config as WebhookConfig, type WebhookService } from "@postd/webhook-service";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { bearer, type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";

let harness: GatewayHarness;
let webhooks: WebhookService;
let tenant: { tenantId: string; apiKey: string };
let server: Server;
let receiverUrl: string;
const received: { headers: IncomingHttpHeaders; body: string }[] = [];

beforeAll(async () => {
  harness = await startGatewayHarness();
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(200).end("ok");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  receiverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
  const { config, telemetry } = { config: harness.config, telemetry: harness.gateway.runtime.telemetry };
  webhooks = await startWebhookService({
    config: loadConfig(WebhookConfig, {
      DATABASE_URL: config.DATABASE_URL,
      REDIS_URL: config.REDIS_URL,
      REDIS_PREFIX: config.REDIS_PREFIX,
      NATS_URL: config.NATS_URL,
      NATS_PREFIX: config.NATS_PREFIX,
      INTERNAL_PORT: "0",
      LOG_LEVEL: "silent",
      TIME_SCALE: "0.001",
      WEBHOOK_SIGNING_MASTER_SECRET: randomBytes(36).toString("base64"),
      WEBHOOK_ALLOWED_HOSTS: "127.0.0.1",
    }),
    telemetry,
  });
  tenant = await harness.createTenant();
});

afterAll(async () => {
  await webhooks?.stop("test done");
  server?.close();
  await harness?.stop();
});

const auth = () => bearer(tenant.apiKey);

function signedWith(secret: string, request: { headers: IncomingHttpHeaders; body: string }): boolean {
  const id = String(request.headers["postd-webhook-id"]);
  const timestamp = String(request.headers["postd-webhook-timestamp"]);
  const expected = createHmac("sha256", secret).update(`${id}.${timestamp}.${request.body}`).digest("hex");
  return String(request.headers["postd-signature"]).split(",").includes(`v1=${expected}`);
}

describe("webhook endpoints through the gateway", () => {
  it("registers, lists, reads, changes, tests, replays, rotates and deletes an endpoint", async () => {
    const created = await harness.app.inject({
      method: "POST",
      url: "/api/webhook-endpoints",
      headers: auth(),
      payload: { url: receiverUrl, events: ["post.target_published.v1"], description: "orders" },
    });
    expect(created.statusCode).toBe(201);
    const endpoint = created.json<WebhookEndpointView & { secret: string }>();
    expect(endpoint).toMatchObject({
      id: expect.stringMatching(/^whe_/),
      url: receiverUrl,
      events: ["post.target_published.v1"],
      description: "orders",
      secret: expect.stringMatching(/^whsec_/),
    });
    const { secret, ...view } = endpoint;

    const list = await harness.app.inject({ method: "GET", url: "/api/webhook-endpoints", headers: auth() });
    expect(list.statusCode).toBe(200);
    expect(list.json()).toEqual({ data: [view] });
    const one = await harness.app.inject({
      method: "GET",
      url: `/api/webhook-endpoints/${endpoint.id}`,
      headers: auth(),
    });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(view);
    expect(`${list.body}${one.body}`).not.toContain(secret);

    const patched = await harness.app.inject({
      method: "PATCH",
      url: `/api/webhook-endpoints/${endpoint.id}`,
      headers: auth(),
      payload: { description: "orders v2", events: [] },
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({ description: "orders v2", events: [] });

    const test = await harness.app.inject({
      method: "POST",
      url: `/api/webhook-endpoints/${endpoint.id}/test`,
      headers: auth(),
    });
    expect(test.statusCode).toBe(202);
    const ping = test.json<WebhookDeliveryView>();
    expect(ping).toMatchObject({ id: expect.stringMatching(/^whd_/), event: "ping", status: "pending" });
    await vi.waitFor(() => expect(received).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(received[0]?.headers["postd-webhook-id"]).toBe(ping.id);
    expect(signedWith(secret, received[0] ?? { headers: {}, body: "" })).toBe(true);

    await vi.waitFor(
      async () => {
        const deliveries = await harness.app.inject({
          method: "GET",
          url: `/api/webhook-endpoints/${endpoint.id}/deliveries?status=delivered`,
          headers: auth(),
        });
        expect(deliveries.statusCode).toBe(200);
        expect(deliveries.json()).toMatchObject({
          data: [
            {
              id: ping.id,
              event: "ping",
              status: "delivered",
              attempts: 1,
              lastStatusCode: 200,
              nextAttemptAt: null,
            },
          ],
          nextCursor: null,
        });
      },
      { timeout: 10_000, interval: 50 },
    );

    const replay = await harness.app.inject({
      method: "POST",
      url: `/api/webhook-deliveries/${ping.id}/replay`,
      headers: auth(),
    });
    expect(replay.statusCode).toBe(202);
    expect(replay.json()).toMatchObject({ id: ping.id, status: "pending" });
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 10_000, interval: 50 });
    expect(received[1]?.headers["postd-webhook-id"]).toBe(ping.id);
    expect(received[1]?.body).toBe(received[0]?.body);

    const rotated = await harness.app.inject({
      method: "POST",
      url: `/api/webhook-endpoints/${endpoint.id}/rotate-secret`,
      headers: auth(),
    });
    expect(rotated.statusCode).toBe(200);
    expect(rotated.json()).toEqual({
      secret: expect.stringMatching(/^whsec_/),
      previousSecretExpiresAt: expect.any(String),
    });

    const deleted = await harness.app.inject({
      method: "DELETE",
      url: `/api/webhook-endpoints/${endpoint.id}`,
      headers: auth(),
    });
    expect(deleted.statusCode).toBe(204);
    expect(deleted.body).toBe("");
    const gone = await harness.app.inject({
      method: "GET",
      url: `/api/webhook-endpoints/${endpoint.id}`,
      headers: auth(),
    });
    expect(gone.statusCode).toBe(404);
  });

  it("answers a private URL with a validation problem naming the field", async () => {
    const response = await harness.app.inject({
      method: "POST",
      url: "/api/webhook-endpoints",
      headers: auth(),
      payload: { url: "https://169.254.169.254/latest/meta-data/" },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers["content-type"]).toContain("application/problem+json");
    expect(response.json()).toMatchObject({
      code: "VALIDATION",
      errors: [{ path: "body.url", message: expect.stringMatching(/link-local/) }],
    });
  });

  it("documents every route in the OpenAPI document", async () => {
    const response = await harness.app.inject({ method: "GET", url: "/docs/json" });
    expect(response.statusCode).toBe(200);
    const paths = Object.keys(response.json<{ paths: Record<string, unknown> }>().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        "/api/webhook-endpoints",
        "/api/webhook-endpoints/{id}",
        "/api/webhook-endpoints/{id}/rotate-secret",
        "/api/webhook-endpoints/{id}/test",
        "/api/webhook-endpoints/{id}/deliveries",
        "/api/webhook-deliveries/{id}/replay",
      ]),
    );
  });

  it("answers a malformed or unknown id with 404", async () => {
    for (const url of [
      "/api/webhook-endpoints/not-an-id",
      "/api/webhook-endpoints/whe_0123456789abcdefghjkmnpqrs",
      "/api/webhook-endpoints/whd_0123456789abcdefghjkmnpqrs/deliveries",
    ]) {
      const response = await harness.app.inject({ method: "GET", url, headers: auth() });
      expect(response.statusCode, url).toBe(404);
    }
    const replay = await harness.app.inject({
      method: "POST",
      url: "/api/webhook-deliveries/whd_0123456789abcdefghjkmnpqrs/replay",
      headers: auth(),
    });
    expect(replay.statusCode).toBe(404);
  });
});
