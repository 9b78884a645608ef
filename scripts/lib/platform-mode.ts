import { endpointOf, isLoopback } from "./local-config";

/** The variable that says a platform's real app is configured (packages/connectors `connectorEnv`). */
export const platformCredentialVariables = [
  "META_CLIENT_ID",
  "LINKEDIN_CLIENT_ID",
  "TIKTOK_CLIENT_KEY",
  "GOOGLE_CLIENT_ID",
  "MAILCHIMP_CLIENT_ID",
] as const;

export const defaultSimPort = 4010;

/**
 * Where the apps' platform calls go:
 * - `local-sim`: platform-sim, which `pnpm start` runs on this machine on `simPort` (`chosen`: pnpm start picked
 *   it because PLATFORM_SIM_URL was empty and no platform has credentials);
 * - `remote-sim`: a platform-sim somewhere else (PLATFORM_SIM_URL names another host), not started here;
 * - `real`: the real platforms, with the credentials `configured`.
 */
export type PlatformMode =
  | {
      readonly kind: "local-sim";
      readonly simUrl: string;
      readonly simPort: number;
      readonly chosen: boolean;
    }
  | { readonly kind: "remote-sim"; readonly simUrl: string }
  | { readonly kind: "real"; readonly configured: readonly string[] };

function simPortFrom(env: Readonly<Record<string, string | undefined>>): number {
  const port = Number(env.PLATFORM_SIM_PORT);
  return Number.isInteger(port) && port > 0 && port < 65_536 ? port : defaultSimPort;
}

/**
 * Decides the platform mode from the environment: an explicit PLATFORM_SIM_URL always wins; without one, the
 * real platforms when any has credentials, else platform-sim on PLATFORM_SIM_PORT (4010).
 */
export function decidePlatformMode(env: Readonly<Record<string, string | undefined>>): PlatformMode {
  const explicit = env.PLATFORM_SIM_URL?.trim();
  if (explicit) {
    const endpoint = endpointOf(explicit, 80);
    return isLoopback(endpoint)
      ? { kind: "local-sim", simUrl: explicit.replace(/\/+$/, ""), simPort: endpoint.port, chosen: false }
      : { kind: "remote-sim", simUrl: explicit };
  }
  const configured = platformCredentialVariables.filter((name) => env[name]?.trim());
  if (configured.length > 0) return { kind: "real", configured };
  const simPort = simPortFrom(env);
  return { kind: "local-sim", simUrl: `http://127.0.0.1:${simPort}`, simPort, chosen: true };
}

/** The variables the apps get for this mode (the sim's URL when pnpm start chose it). */
export function platformEnv(mode: PlatformMode): Record<string, string> {
  return mode.kind === "local-sim" ? { PLATFORM_SIM_URL: mode.simUrl } : {};
}

/** One line for the start output: what the platform calls talk to, and why. */
export function describePlatformMode(mode: PlatformMode): string {
  switch (mode.kind) {
    case "local-sim":
      return mode.chosen
        ? `platform-sim at ${mode.simUrl} (no platform credentials in .env, so every platform call goes to the emulator)`
        : `platform-sim at ${mode.simUrl} (PLATFORM_SIM_URL)`;
    case "remote-sim":
      return `the platform-sim at ${mode.simUrl} (PLATFORM_SIM_URL; not started here)`;
    case "real":
      return `the real platforms (${mode.configured.join(", ")} set; platforms without credentials are off)`;
  }
}
