import type { DemoTarget } from "./demo-context";
import { DemoError } from "./demo-http";

async function answers(url: string): Promise<boolean> {
  return fetch(url, { signal: AbortSignal.timeout(3_000) })
    .then((response) => response.ok)
    .catch(() => false);
}

/**
 * The demo runs against the RUNNING system: the gateway must answer, platform-sim too (the demo injects its
 * faults there), and the admin key must be known. Otherwise a DemoError says what to do.
 */
export async function checkSystemRuns(target: DemoTarget): Promise<void> {
  if (!target.adminKey) {
    throw new DemoError("no ADMIN_API_KEY in .env or the environment: run `pnpm start` once, it writes one.");
  }
  if (!(await answers(`${target.gatewayUrl}/api/health/live`))) {
    throw new DemoError(
      `POSTD is not running: nothing answers at ${target.gatewayUrl}. Start it with \`pnpm start\` in another ` +
        "terminal, wait for “POSTD is running”, then run `pnpm demo` again.",
    );
  }
  if (!(await answers(`${target.simUrl}/_sim/state`))) {
    throw new DemoError(
      `platform-sim does not answer at ${target.simUrl}. The demo needs POSTD running against the emulator ` +
        "(it injects platform faults there): leave PLATFORM_SIM_URL and the platform credentials empty in .env " +
        "and restart `pnpm start`.",
    );
  }
}
