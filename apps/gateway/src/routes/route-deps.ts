import type { ConnectorRegistry } from "@postd/connectors";
import type { GatewayContext } from "../context";
import type { GatewayFlags } from "../flags/gateway-flags";
import type { RateLimiter } from "../http/rate-limiter";
import type { ServiceCaller } from "../rpc/service-caller";

/** What route handlers are given: they parse, authenticate (done by the hook), call, and map. */
export interface RouteDeps {
  ctx: GatewayContext;
  call: ServiceCaller;
  connectors: ConnectorRegistry;
  /** null until `@postd/flags` is wired: the flag routes answer 503 and OAuth start skips the flag check */
  flags: GatewayFlags | null;
  rateLimiter: RateLimiter;
  webhookBadSignatureLimitPerMinute: number;
  /** where the platforms reach this gateway (webhook URLs handed to tenants) */
  publicBaseUrl: string;
}
