import type { AppPlan } from "./apps";
import type { PlatformMode } from "./platform-mode";

/** The emulator's package: it listens on PLATFORM_SIM_PORT (its public port), not on an internal port. */
export const simAppName = "@postd/platform-sim";

/** An app as `pnpm start` launches it: the port it waits on and the variables only this app gets. */
export interface LaunchPlan extends AppPlan {
  readonly env: Readonly<Record<string, string>>;
}

/**
 * `POSTD_PORT_OFFSET`: moves every internal port `pnpm start` assigns (9100…9105) up by this much, so a second
 * copy of POSTD can run on one machine (the quick-start test does). 0 when unset.
 */
export function portOffsetFrom(env: Readonly<Record<string, string | undefined>>): {
  offset: number;
  problem?: string;
} {
  const raw = env.POSTD_PORT_OFFSET?.trim();
  if (!raw) return { offset: 0 };
  const offset = Number(raw);
  return Number.isInteger(offset) && offset >= 0 && offset <= 50_000
    ? { offset }
    : { offset: 0, problem: `POSTD_PORT_OFFSET must be a whole number from 0 to 50000 (got "${raw}")` };
}

/**
 * What runs: platform-sim only when the apps talk to a sim on this machine (on that sim's port), every other app
 * with `INTERNAL_PORT` = its `postd.port` + the offset.
 */
export function planLaunch(options: {
  apps: readonly AppPlan[];
  mode: PlatformMode;
  portOffset: number;
}): LaunchPlan[] {
  const { mode, portOffset } = options;
  const plans: LaunchPlan[] = [];
  for (const app of options.apps) {
    if (app.name === simAppName) {
      if (mode.kind !== "local-sim") continue;
      const port = String(mode.simPort);
      plans.push({
        ...app,
        port: mode.simPort,
        url: `${mode.simUrl}/_sim/state`,
        env: { PLATFORM_SIM_PORT: port, PLATFORM_SIM_HOST: "127.0.0.1" },
      });
      continue;
    }
    if (app.port === undefined) {
      plans.push({ ...app, env: {} });
      continue;
    }
    const port = app.port + portOffset;
    plans.push({ ...app, port, env: { INTERNAL_PORT: String(port) } });
  }
  return plans;
}
