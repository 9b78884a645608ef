import { decidePlatformMode, defaultSimPort } from "./platform-mode";

type Env = Readonly<Record<string, string | undefined>>;

/** The gateway's public address on this machine (GATEWAY_PORT, 3000 by default). */
export function localGatewayUrl(env: Env): string {
  return `http://127.0.0.1:${env.GATEWAY_PORT?.trim() || "3000"}`;
}

/**
 * Where platform-sim answers for a system started with this environment: PLATFORM_SIM_URL, or the sim `pnpm
 * start` runs on PLATFORM_SIM_PORT when it chose the emulator (also docker compose's published port).
 */
export function localSimUrl(env: Env): string {
  const mode = decidePlatformMode(env);
  if (mode.kind !== "real") return mode.simUrl;
  return `http://127.0.0.1:${env.PLATFORM_SIM_PORT?.trim() || defaultSimPort}`;
}
