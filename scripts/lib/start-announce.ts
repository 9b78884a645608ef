import { describeError } from "./check-result";
import { ensureDevTenant, waitForGateway } from "./dev-tenant";
import type { LaunchPlan } from "./launch-plan";
import type { PlatformMode } from "./platform-mode";
import { formatStartSummary, type StartSummary } from "./start-summary";
import { localGatewayUrl } from "./system-urls";

/** Grafana's host port in docker-compose.yml (infra/ports.md). */
const grafanaUrl = "http://127.0.0.1:3001";

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(1_000) })
    .then((response) => response.ok)
    .catch(() => false);
}

async function devTenantFor(options: {
  rootDir: string;
  gatewayUrl: string;
  adminKey: string;
}): Promise<StartSummary["devTenant"]> {
  if (!(await waitForGateway(options.gatewayUrl, { timeoutMs: 30_000 }))) {
    return { error: `the gateway does not answer at ${options.gatewayUrl}` };
  }
  try {
    return await ensureDevTenant({
      gatewayUrl: options.gatewayUrl,
      adminKey: options.adminKey,
      file: `${options.rootDir}.postd/dev-tenant.json`,
    });
  } catch (error) {
    return { error: describeError(error) };
  }
}

/**
 * Once every app answers: makes (or reuses) the dev tenant through the admin API, looks for Grafana, and prints
 * the summary. Never throws: a missing tenant is reported in the summary, the system keeps running.
 */
export async function announceRunningSystem(options: {
  rootDir: string;
  env: Readonly<Record<string, string>>;
  mode: PlatformMode;
  apps: readonly LaunchPlan[];
  envCreated: boolean;
}): Promise<void> {
  const gatewayUrl = localGatewayUrl(options.env);
  const [devTenant, grafanaRuns] = await Promise.all([
    devTenantFor({ rootDir: options.rootDir, gatewayUrl, adminKey: options.env.ADMIN_API_KEY ?? "" }),
    answers(`${grafanaUrl}/api/health`),
  ]);
  console.log(
    formatStartSummary({
      gatewayUrl,
      mode: options.mode,
      apps: options.apps,
      devTenant,
      envCreated: options.envCreated,
      ...(grafanaRuns ? { grafanaUrl } : {}),
    }),
  );
}
