import { Config as GatewayConfig, type RunningGateway, startGateway } from "@postd/gateway";
import { loadConfig } from "@postd/service-kit";
import type { HealthWorld } from "./harness";
import { sharedTelemetry } from "./harness";

export const adminApiKey = "health-test-admin-key-0123456789abcdef";

/** The real gateway on the world's servers, listening on a free port, sharing the test's telemetry. */
export function startWorldGateway(world: HealthWorld): Promise<RunningGateway> {
  const config = loadConfig(GatewayConfig, {
    ...world.env,
    GATEWAY_PORT: "0",
    GATEWAY_HOST: "127.0.0.1",
    ADMIN_API_KEY: adminApiKey,
  });
  return startGateway({ config, telemetry: sharedTelemetry() });
}

/** A tenant and its API key through the admin API. */
export async function createTenant(
  gateway: RunningGateway,
  name = "Health Co",
): Promise<{ tenantId: string; apiKey: string }> {
  const response = await fetch(`${gateway.url}/api/admin/tenants`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminApiKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
  });
  if (response.status !== 201)
    throw new Error(`tenant not created: ${response.status} ${await response.text()}`);
  return (await response.json()) as { tenantId: string; apiKey: string };
}

export interface HealthAnswer {
  status: number;
  body: { status: string; components: Array<{ name: string; status: string; detail: string }> };
}

export async function getHealth(gateway: RunningGateway, key = adminApiKey): Promise<HealthAnswer> {
  const response = await fetch(`${gateway.url}/api/health`, { headers: { authorization: `Bearer ${key}` } });
  return { status: response.status, body: (await response.json()) as HealthAnswer["body"] };
}

export function componentsDown(answer: HealthAnswer): string[] {
  return answer.body.components.filter((c) => c.status === "down").map((c) => c.name);
}
