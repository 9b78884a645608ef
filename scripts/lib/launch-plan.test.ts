import { describe, expect, it } from "vitest";
import { commandFor } from "./app-process";
import type { AppPlan } from "./apps";
import { planLaunch, portOffsetFrom, simAppName } from "./launch-plan";
import { decidePlatformMode } from "./platform-mode";

const app = (name: string, port: number | undefined, order: number): AppPlan => ({
  name,
  dir: `/repo/apps/${name}`,
  scripts: { start: "tsx src/main.ts" },
  order,
  ...(port === undefined ? {} : { port }),
});
const apps = [
  app(simAppName, 4010, 0),
  app("@postd/token-service", 9102, 10),
  app("@postd/tool", undefined, 99),
];

describe("planLaunch", () => {
  it("gives each app its INTERNAL_PORT (+ offset) and the sim its own port", () => {
    const mode = decidePlatformMode({ PLATFORM_SIM_PORT: "24010" });
    const plans = planLaunch({ apps, mode, portOffset: 100 });
    expect(plans.map((plan) => [plan.name, plan.port, plan.env])).toEqual([
      [simAppName, 24010, { PLATFORM_SIM_PORT: "24010", PLATFORM_SIM_HOST: "127.0.0.1" }],
      ["@postd/token-service", 9202, { INTERNAL_PORT: "9202" }],
      ["@postd/tool", undefined, {}],
    ]);
    expect(plans[0]?.url).toBe("http://127.0.0.1:24010/_sim/state");
  });

  it("leaves platform-sim out when the apps talk to the real platforms", () => {
    const plans = planLaunch({ apps, mode: decidePlatformMode({ GOOGLE_CLIENT_ID: "x" }), portOffset: 0 });
    expect(plans.map((plan) => plan.name)).toEqual(["@postd/token-service", "@postd/tool"]);
  });
});

describe("portOffsetFrom", () => {
  it("reads a whole number and reports anything else", () => {
    expect(portOffsetFrom({})).toEqual({ offset: 0 });
    expect(portOffsetFrom({ POSTD_PORT_OFFSET: "2000" })).toEqual({ offset: 2000 });
    expect(portOffsetFrom({ POSTD_PORT_OFFSET: "-1" }).problem).toContain("POSTD_PORT_OFFSET");
    expect(portOffsetFrom({ POSTD_PORT_OFFSET: "1.5" }).problem).toContain("1.5");
  });
});

describe("commandFor", () => {
  it("runs a tsx entry point as one node process, anything else through pnpm", () => {
    expect(commandFor({ start: "tsx src/main.ts" }, "start")).toEqual({
      command: process.execPath,
      args: ["--import", "tsx", "src/main.ts"],
    });
    expect(commandFor({ start: "tsx watch src/main.ts" }, "start")).toEqual({
      command: "pnpm",
      args: ["run", "start"],
    });
    expect(commandFor({ migrate: "drizzle-kit migrate" }, "migrate").command).toBe("pnpm");
  });
});
