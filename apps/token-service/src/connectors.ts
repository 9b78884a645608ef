import type { ConnectorRegistry } from "@postd/connectors";
import { createServiceConnectors } from "@postd/service-kit";
import type { Config } from "./config";

/** The connectors of every configured platform, measured and traced. */
export function createTokenConnectors(config: Config): ConnectorRegistry {
  return createServiceConnectors(config);
}
