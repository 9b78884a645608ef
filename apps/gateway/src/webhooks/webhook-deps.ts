import type { ConnectorRegistry } from "@postd/connectors";
import type { GatewayContext } from "../context";
import type { RateLimiter } from "../http/rate-limiter";
import type { ServiceCaller } from "../rpc/service-caller";

export interface WebhookDeps {
  ctx: GatewayContext;
  call: ServiceCaller;
  connectors: ConnectorRegistry;
  rateLimiter: RateLimiter;
  /** refused deliveries accepted per platform and client address per minute before answering 429 unverified */
  badSignatureLimitPerMinute: number;
}
