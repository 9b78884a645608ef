import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type RunningSystem, startSystem } from "../src/index";

let system: RunningSystem;

beforeAll(async () => {
  system = await startSystem();
}, 180_000);

afterAll(async () => {
  await system?.stop();
}, 60_000);

describe("startSystem", () => {
  it("runs platform-sim and the six services as processes that answer, and restarts a killed one", async () => {
    const live = await fetch(`${system.gatewayUrl}/api/health/live`);
    expect(live.status).toBe(200);
    const created = await fetch(`${system.gatewayUrl}/api/admin/tenants`, {
      method: "POST",
      headers: { authorization: `Bearer ${system.adminKey}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "system-test" }),
    });
    expect(created.status).toBe(201);
    const { apiKey } = (await created.json()) as { apiKey: string };
    const connections = await fetch(`${system.gatewayUrl}/api/connections`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(await connections.json()).toEqual({ data: [] });

    await system.kill("token-service");
    const down = await fetch(`${system.gatewayUrl}/api/connections`, {
      headers: { authorization: `Bearer ${apiKey}` },
    });
    expect(down.status).toBe(503);
    await system.start("token-service");
    // its /readyz answers as soon as its clients are up; its RPC endpoints follow a moment later
    await vi.waitFor(
      async () => {
        const back = await fetch(`${system.gatewayUrl}/api/connections`, {
          headers: { authorization: `Bearer ${apiKey}` },
        });
        expect(back.status).toBe(200);
      },
      { timeout: 30_000, interval: 250 },
    );
  }, 120_000);
});
