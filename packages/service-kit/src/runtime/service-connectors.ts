import {
  type ConnectorEnvValues,
  type ConnectorRegistry,
  connectorsConfigFromEnv,
  createConnectorRegistry,
  systemClock,
} from "@postd/connectors";
import { recordConnectorRequest, traceConnectorRequest } from "@postd/telemetry";

/**
 * The connectors of every configured platform as a service uses them: each platform call measured
 * (`connector.request.duration`) and traced (a client span in the caller's trace), and polling waits scaled by
 * `TIME_SCALE`.
 */
export function createServiceConnectors(
  config: ConnectorEnvValues & { TIME_SCALE: number },
): ConnectorRegistry {
  return createConnectorRegistry({
    config: connectorsConfigFromEnv(config),
    observe: recordConnectorRequest,
    trace: traceConnectorRequest,
    clock: systemClock({ timeScale: config.TIME_SCALE }),
  });
}
