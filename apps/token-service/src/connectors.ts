import {
  type ConnectorEnv,
  type ConnectorRegistry,
  connectorsConfigFromEnv,
  createConnectorRegistry,
  type RequestObservation,
} from "@postd/connectors";
import { recordMetric } from "@postd/telemetry";
import type { Config } from "./config";

/** The connectors of every configured platform, reporting `connector.request.duration`. */
export function createTokenConnectors(config: Config): ConnectorRegistry {
  return createConnectorRegistry({
    config: connectorsConfigFromEnv(connectorEnvOf(config)),
    observe: observeRequest,
  });
}

/** The connectors' own view of the configuration (their scope lists are mutable arrays; ours are frozen). */
function connectorEnvOf(config: Config): ConnectorEnv {
  const list = (value: readonly string[] | undefined) => (value ? [...value] : undefined);
  return {
    ...config,
    META_SCOPES: list(config.META_SCOPES),
    LINKEDIN_SCOPES: list(config.LINKEDIN_SCOPES),
    TIKTOK_SCOPES: list(config.TIKTOK_SCOPES),
    GBP_SCOPES: list(config.GBP_SCOPES),
  };
}

function observeRequest(observation: RequestObservation): void {
  const failed = observation.failure !== null || observation.status === null || observation.status >= 400;
  recordMetric("connector.request.duration", observation.durationMs, {
    platform: observation.platform,
    operation: observation.operation,
    outcome: failed ? "error" : "success",
    ...(failed ? { error: observation.failure ?? `http_${observation.status}` } : {}),
  });
}
