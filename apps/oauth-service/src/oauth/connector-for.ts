import type { Connector, ConnectorRegistry } from "@postd/connectors";
import type { Platform } from "@postd/contracts";
import { AppError } from "@postd/service-kit";

/** The platform's connector, or UNAVAILABLE saying which credentials are missing. */
export function connectorFor(connectors: ConnectorRegistry, platform: Platform): Connector {
  if (!connectors.isConfigured(platform)) {
    throw new AppError(
      "UNAVAILABLE",
      `${platform} is not configured on this deployment: its client id and secret are not set (see .env.example)`,
    );
  }
  return connectors.get(platform);
}
