import type { RunningGateway } from "@postd/gateway";
import { type PrivateServer, startPrivateNats, startPrivateRedis } from "@postd/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { componentsDown, createTenant, getHealth, startWorldGateway } from "./support/gateway";
import { createHealthWorld, type HealthWorld } from "./support/harness";

// Stops and restarts Redis and NATS: private servers on free ports, never the shared ones.
let redis: PrivateServer;
let nats: PrivateServer;
let world: HealthWorld;
let gateway: RunningGateway;

beforeAll(async () => {
  [redis, nats] = await Promise.all([startPrivateRedis(), startPrivateNats()]);
  world = await createHealthWorld({ redisUrl: redis.url, natsUrl: nats.url });
  await world.startHealth();
  gateway = await startWorldGateway(world);
}, 90_000);

afterAll(async () => {
  await gateway?.stop("test done");
  await world?.close();
  await Promise.all([redis?.dispose(), nats?.dispose()]);
});

const recovery = { timeout: 30_000, interval: 250 };

describe("GET /api/health", () => {
  it("answers 200 with every component when everything runs", async () => {
    const answer = await getHealth(gateway);
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe("ok");
    const names = answer.body.components.map((c) => c.name);
    for (const name of [
      "postgres",
      "redis",
      "nats",
      "jetstream",
      "gateway",
      "health-service",
      "token-service",
      "vault",
    ]) {
      expect(names).toContain(name);
    }
  });

  it("takes a tenant's API key as well as the admin key, and nothing else", async () => {
    const tenant = await createTenant(gateway);
    expect((await getHealth(gateway, tenant.apiKey)).status).toBe(200);
    const anonymous = await fetch(`${gateway.url}/api/health`);
    expect(anonymous.status).toBe(401);
    expect((await fetch(`${gateway.url}/api/health/queue`)).status).toBe(401);
    expect((await getHealth(gateway, "not-a-key")).status).toBe(401);
  });

  it("turns 503 naming redis while Redis is stopped, and 200 again when it returns", async () => {
    await redis.stop();
    const during = await getHealth(gateway);
    expect(during.status).toBe(503);
    expect(during.body.status).toBe("down");
    expect(componentsDown(during)).toContain("redis");
    expect(componentsDown(during)).not.toContain("postgres");
    await redis.start();
    await vi.waitFor(async () => expect((await getHealth(gateway)).status).toBe(200), recovery);
  });

  it("turns 503 naming nats while NATS is stopped, and 200 again when it returns", async () => {
    await nats.stop();
    const during = await getHealth(gateway);
    expect(during.status).toBe(503);
    expect(componentsDown(during)).toContain("nats");
    // health-service is reached over NATS: the gateway says it cannot get its report
    expect(componentsDown(during)).toContain("health-service");
    await nats.start();
    await vi.waitFor(async () => expect((await getHealth(gateway)).status).toBe(200), recovery);
  });
});
