import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

/** The tenant `pnpm start` keeps for local work, as `.postd/dev-tenant.json` holds it (git ignores `.postd/`). */
export interface DevTenant {
  readonly tenantId: string;
  readonly keyId: string;
  readonly apiKey: string;
  readonly createdAt: string;
}

function isDevTenant(value: unknown): value is DevTenant {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return ["tenantId", "keyId", "apiKey", "createdAt"].every((key) => typeof record[key] === "string");
}

/** The remembered dev tenant, or undefined when the file is missing or not one. */
export function readDevTenant(file: string): DevTenant | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    return isDevTenant(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Waits until the gateway's public port answers `/api/health/live` (it opens after the internal probes). */
export async function waitForGateway(gatewayUrl: string, options: { timeoutMs: number }): Promise<boolean> {
  const deadline = Date.now() + options.timeoutMs;
  while (Date.now() < deadline) {
    const live = await fetch(`${gatewayUrl}/api/health/live`, { signal: AbortSignal.timeout(1_000) })
      .then((response) => response.ok)
      .catch(() => false);
    if (live) return true;
    await delay(250);
  }
  return false;
}

/** Whether the gateway still takes this key: 200 yes, 401 no (another database, or revoked). */
async function stillValid(gatewayUrl: string, apiKey: string): Promise<boolean> {
  const response = await fetch(`${gatewayUrl}/api/connections`, {
    headers: { authorization: `Bearer ${apiKey}` },
    signal: AbortSignal.timeout(10_000),
  });
  if (response.status === 200) return true;
  if (response.status === 401) return false;
  throw new Error(`GET /api/connections answered ${response.status} while checking the dev tenant's key`);
}

async function createTenant(gatewayUrl: string, adminKey: string, name: string): Promise<DevTenant> {
  const response = await fetch(`${gatewayUrl}/api/admin/tenants`, {
    method: "POST",
    headers: { authorization: `Bearer ${adminKey}`, "content-type": "application/json" },
    body: JSON.stringify({ name }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status !== 201) {
    throw new Error(`POST /api/admin/tenants answered ${response.status}: ${String(body.detail ?? "")}`);
  }
  const tenant = { ...body, createdAt: new Date().toISOString() };
  if (!isDevTenant(tenant))
    throw new Error("POST /api/admin/tenants answered without tenantId, keyId or apiKey");
  return {
    tenantId: tenant.tenantId,
    keyId: tenant.keyId,
    apiKey: tenant.apiKey,
    createdAt: tenant.createdAt,
  };
}

/**
 * The dev tenant: the one remembered in `file` while the gateway still takes its key, otherwise a new one made
 * through the admin API and remembered (mode 600: the file holds a live key).
 */
export async function ensureDevTenant(options: {
  gatewayUrl: string;
  adminKey: string;
  file: string;
  name?: string;
}): Promise<{ tenant: DevTenant; reused: boolean }> {
  const remembered = readDevTenant(options.file);
  if (remembered && (await stillValid(options.gatewayUrl, remembered.apiKey))) {
    return { tenant: remembered, reused: true };
  }
  const tenant = await createTenant(options.gatewayUrl, options.adminKey, options.name ?? "Dev tenant");
  mkdirSync(dirname(options.file), { recursive: true });
  writeFileSync(options.file, `${JSON.stringify(tenant, null, 2)}\n`, { mode: 0o600 });
  return { tenant, reused: false };
}
