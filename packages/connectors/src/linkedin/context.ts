import type { ConnectorDeps } from "../core/index";
import type { LinkedInConfig } from "./config";

/** What every LinkedIn call needs: the app's configuration and the injected HTTP client and clock. */
export interface LinkedInContext {
  config: LinkedInConfig;
  deps: ConnectorDeps;
}
