import { CreatePost, newId } from "@postd/contracts";
import { createRpcServer, type RpcServer } from "@postd/service-kit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bearer, type GatewayHarness, startGatewayHarness } from "./support/gateway-harness";

// A publish-service stand-in on real NATS that holds every `svc.publish.create` until the test lets it answer,
// so requests stay in flight in the gateway as they would behind a slow accept path.
let harness: GatewayHarness;
let publish: RpcServer;
let tenant: { tenantId: string; apiKey: string };
let release: () => void = () => undefined;
let gate: Promise<void> = Promise.resolve();
let received = 0;

beforeAll(async () => {
  harness = await startGatewayHarness({ env: { PUBLISH_MAX_IN_FLIGHT: "2" } });
  const { nc, ns, logger } = harness.gateway.runtime;
  publish = await createRpcServer({ nc, ns, logger, service: "publish", version: "0.0.0-stand-in" });
  publish.handle(CreatePost, async () => {
    received++;
    await gate;
    return { post: { postId: newId("post"), status: "queued" as const, targets: [] }, replayed: false };
  });
  tenant = await harness.createTenant();
});

afterAll(async () => {
  release();
  await publish?.stop();
  await harness?.stop();
});

const publishRequest = (key: string) =>
  harness.app.inject({
    method: "POST",
    url: "/api/publish",
    headers: { ...bearer(tenant.apiKey), "idempotency-key": key },
    payload: { targets: [{ accountId: "acc_01m8efjt332mcp6x1zzxwjg015" }], text: "held" },
  });

describe("load shedding on POST /api/publish", () => {
  it("answers 503 + Retry-After at once beyond PUBLISH_MAX_IN_FLIGHT, and takes requests again once they end", async () => {
    gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = [publishRequest("shed-1"), publishRequest("shed-2")];
    await expect.poll(() => received, { timeout: 10_000 }).toBe(2);

    const shed = await publishRequest("shed-3");
    expect(shed.statusCode).toBe(503);
    expect(shed.headers["retry-after"]).toBe("1");
    expect(shed.headers["content-type"]).toContain("application/problem+json");
    expect(shed.json()).toMatchObject({ code: "UNAVAILABLE", status: 503 });
    expect(received, "the shed request never reached publish-service").toBe(2);
    // other routes are not limited by it
    expect((await harness.app.inject({ method: "GET", url: "/api/health/live" })).statusCode).toBe(200);

    release();
    expect((await Promise.all(held)).map((answer) => answer.statusCode)).toEqual([202, 202]);
    const after = await publishRequest("shed-4");
    expect(after.statusCode).toBe(202);
    expect(received).toBe(3);
  });
});
