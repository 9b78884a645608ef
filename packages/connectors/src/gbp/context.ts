import type { ConnectorDeps } from "../core/index";
import type { GbpConfig } from "./config";
import type { JwksCache } from "./jwks-cache";

/** What every Google Business Profile call needs: configuration, HTTP client and clock, and the cached JWKS. */
export interface GbpContext {
  config: GbpConfig;
  deps: ConnectorDeps;
  jwks: JwksCache;
}
