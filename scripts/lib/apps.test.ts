import { describe, expect, it } from "vitest";
import { type AppManifest, defaultOrder, planApps, shortName } from "./apps";

function manifest(folder: string, packageJson: unknown): AppManifest {
  return { folder, dir: `/repo/apps/${folder}`, packageJson };
}

describe("planApps", () => {
  it("keeps apps with a start script and a postd field, in order then by name", () => {
    const { apps, problems } = planApps([
      manifest("gateway", {
        name: "@postd/gateway",
        scripts: { start: "tsx src/main.ts" },
        postd: { order: 50 },
      }),
      manifest("cli", { name: "@postd/cli", scripts: { start: "tsx src/main.ts" } }),
      manifest("docs", { name: "@postd/docs", scripts: { dev: "tsx src/main.ts" }, postd: {} }),
      manifest("webhook-service", {
        name: "@postd/webhook-service",
        scripts: { start: "tsx src/main.ts" },
        postd: {},
      }),
      manifest("health-service", {
        name: "@postd/health-service",
        scripts: { start: "tsx src/main.ts" },
        postd: {},
      }),
      manifest("platform-sim", {
        name: "@postd/platform-sim",
        scripts: { start: "tsx src/main.ts" },
        postd: { order: 10, port: 4010, url: "http://127.0.0.1:4010" },
      }),
    ]);
    expect(problems).toEqual([]);
    expect(apps.map(shortName)).toEqual(["platform-sim", "gateway", "health-service", "webhook-service"]);
    expect(apps[0]).toEqual({
      name: "@postd/platform-sim",
      dir: "/repo/apps/platform-sim",
      scripts: { start: "tsx src/main.ts" },
      order: 10,
      port: 4010,
      url: "http://127.0.0.1:4010",
    });
    expect(apps[2]?.order).toBe(defaultOrder);
  });

  it("takes a migrate script only when the app has it", () => {
    const { apps, problems } = planApps([
      manifest("token-service", {
        name: "@postd/token-service",
        scripts: { start: "tsx src/main.ts", "db:migrate": "tsx src/migrate.ts" },
        postd: { migrate: "db:migrate" },
      }),
      manifest("oauth-service", {
        name: "@postd/oauth-service",
        scripts: { start: "tsx src/main.ts" },
        postd: { migrate: "db:migrate" },
      }),
    ]);
    expect(apps.find((app) => app.name === "@postd/token-service")?.migrate).toBe("db:migrate");
    expect(apps.find((app) => app.name === "@postd/oauth-service")?.migrate).toBeUndefined();
    expect(problems).toEqual([
      'apps/oauth-service/package.json: "postd.migrate" must name one of its scripts (got "db:migrate")',
    ]);
  });

  it("reports every malformed postd key and falls back to the folder name", () => {
    const { apps, problems } = planApps([
      manifest("odd", {
        scripts: { start: "node x" },
        postd: { order: "1", port: 70_000, url: "not a url" },
      }),
      manifest("worse", { scripts: { start: "node x" }, postd: [] }),
    ]);
    expect(apps.map((app) => app.name)).toEqual(["odd", "worse"]);
    expect(problems).toEqual([
      'apps/odd/package.json: "postd.order" must be a number',
      'apps/odd/package.json: "postd.port" must be a TCP port number',
      'apps/odd/package.json: "postd.url" must be a URL',
      'apps/worse/package.json: "postd" must be an object',
    ]);
  });
});
