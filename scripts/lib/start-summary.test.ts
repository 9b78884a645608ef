import { describe, expect, it } from "vitest";
import { simAppName } from "./launch-plan";
import { decidePlatformMode } from "./platform-mode";
import { formatStartSummary } from "./start-summary";

const base = {
  gatewayUrl: "http://127.0.0.1:3000",
  mode: decidePlatformMode({}),
  apps: [
    { name: simAppName, dir: "/x", scripts: {}, order: 0, port: 4010, env: {} },
    { name: "@postd/gateway", dir: "/y", scripts: {}, order: 90, port: 9100, env: {} },
  ],
  envCreated: true,
};

describe("formatStartSummary", () => {
  it("prints the dev tenant's key, the docs, Bull Board, the sim and the next command", () => {
    const text = formatStartSummary({
      ...base,
      devTenant: {
        tenant: {
          tenantId: "ten_1",
          keyId: "key_1",
          apiKey: "postd_live_abc",
          createdAt: "2026-01-01T00:00:00Z",
        },
        reused: false,
      },
    });
    for (const expected of [
      "POSTD is running",
      "http://127.0.0.1:3000/docs",
      "http://127.0.0.1:3000/admin/queues",
      "ADMIN_API_KEY",
      "http://127.0.0.1:4010/_sim/state",
      "Dev tenant ten_1 (created now; kept in .postd/dev-tenant.json)",
      "postd_live_abc",
      "pnpm demo",
      'curl -H "Authorization: Bearer postd_live_abc" http://127.0.0.1:3000/api/connections',
      "gateway 9100",
      "created just now from .env.example",
      "Grafana        not running",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain("platform-sim 4010");
  });

  it("shows Grafana when it answers and says why there is no tenant", () => {
    const text = formatStartSummary({
      ...base,
      envCreated: false,
      grafanaUrl: "http://127.0.0.1:3001",
      devTenant: { error: "the gateway does not answer" },
    });
    expect(text).toContain("Grafana        http://127.0.0.1:3001");
    expect(text).toContain("could not be made (the gateway does not answer)");
    expect(text).toContain("pnpm postd tenants:create");
    expect(text).toContain(".env (unchanged)");
  });
});
