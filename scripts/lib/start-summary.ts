import { shortName } from "./apps";
import type { DevTenant } from "./dev-tenant";
import { type LaunchPlan, simAppName } from "./launch-plan";
import { describePlatformMode, type PlatformMode } from "./platform-mode";

export interface StartSummary {
  readonly gatewayUrl: string;
  readonly mode: PlatformMode;
  readonly apps: readonly LaunchPlan[];
  /** the dev tenant, or why there is none */
  readonly devTenant: { tenant: DevTenant; reused: boolean } | { error: string };
  /** where Grafana answers, when it runs (docker compose) */
  readonly grafanaUrl?: string;
  /** `.env` was created by this start */
  readonly envCreated: boolean;
}

const rule = "─".repeat(78);

function row(label: string, value: string, note = ""): string {
  return `  ${label.padEnd(14)} ${note ? `${value.padEnd(44)} ${note}` : value}`;
}

function addressLines(summary: StartSummary): string[] {
  const { gatewayUrl, mode } = summary;
  const lines = [
    row("API", `${gatewayUrl}/api`),
    row("API docs", `${gatewayUrl}/docs`),
    row("Bull Board", `${gatewayUrl}/admin/queues`, "user: any · password: ADMIN_API_KEY in .env"),
  ];
  if (mode.kind !== "real")
    lines.push(row("platform-sim", `${mode.simUrl}/_sim/state`, "faults: POST /_sim/faults"));
  lines.push(
    summary.grafanaUrl
      ? row("Grafana", summary.grafanaUrl, "dashboards: POSTD overview, publishing, queues")
      : row("Grafana", "not running", "`docker compose up -d` starts it, with Prometheus"),
  );
  const internal = summary.apps
    .filter((app) => app.name !== simAppName && app.port !== undefined)
    .map((app) => `${shortName(app)} ${app.port}`);
  for (let index = 0; index < internal.length; index += 3) {
    const label = index === 0 ? "internal ports" : "";
    lines.push(row(label, internal.slice(index, index + 3).join(" · ")));
  }
  if (internal.length > 0) lines.push(row("", "each: /healthz /readyz /metrics"));
  return lines;
}

function tenantLines(summary: StartSummary): string[] {
  const { devTenant, gatewayUrl } = summary;
  if ("error" in devTenant) {
    return [
      `Dev tenant: could not be made (${devTenant.error}).`,
      "  Make one yourself: pnpm postd tenants:create <name>",
    ];
  }
  const { tenant, reused } = devTenant;
  return [
    `Dev tenant ${tenant.tenantId} (${reused ? "the one from before" : "created now"}; kept in .postd/dev-tenant.json)`,
    row("API key", tenant.apiKey),
    "",
    "Next, in another terminal:",
    "  pnpm demo        the whole story, narrated: connect five platforms, publish, a retry, a dead letter",
    `  curl -H "Authorization: Bearer ${tenant.apiKey}" ${gatewayUrl}/api/connections`,
  ];
}

/** What `pnpm start` prints once everything answers: where to go, the dev tenant, and what to try next. */
export function formatStartSummary(summary: StartSummary): string {
  const secrets = summary.envCreated
    ? "Secrets: .env was created just now from .env.example with fresh random local secrets (yours to keep)."
    : "Secrets and settings: .env (unchanged).";
  return [
    "",
    rule,
    "✅ POSTD is running",
    `  Platforms: ${describePlatformMode(summary.mode)}`,
    `  ${secrets}`,
    "",
    ...addressLines(summary),
    "",
    ...tenantLines(summary),
    "",
    "Ctrl-C stops every app, last started first.",
    rule,
    "",
  ].join("\n");
}
