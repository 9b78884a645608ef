import { initTelemetry, type Telemetry } from "@postd/telemetry";
import { startTokenService, type TokenService } from "../../src/service";
import type { TokenTestEnv } from "./token-env";

let telemetry: Telemetry | undefined;

/** One telemetry per test process, shared by every in-process token-service (a restart reuses it). */
function sharedTelemetry(): Telemetry {
  telemetry ??= initTelemetry({ serviceName: "token-service-test" });
  return telemetry;
}

/** token-service in the test process, on the test's env (plus overrides). */
export function startInProcess(
  env: TokenTestEnv,
  overrides: Record<string, string> = {},
): Promise<TokenService> {
  return startTokenService({ config: env.configOf(overrides), telemetry: sharedTelemetry() });
}
