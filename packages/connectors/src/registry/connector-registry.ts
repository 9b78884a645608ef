import type { Platform } from "@postd/contracts";
import {
  type Clock,
  type Connector,
  createHttpClient,
  type HttpClient,
  type RequestObservation,
  type RequestTraceHook,
  systemClock,
} from "../core/index";
import { createGbpConnector } from "../gbp/index";
import { createLinkedInConnector } from "../linkedin/index";
import { createMailchimpConnector } from "../mailchimp/index";
import { createMetaConnector } from "../meta/index";
import { createTikTokConnector } from "../tiktok/index";
import type { ConnectorsConfig } from "./connectors-config";

/** A platform asked for whose app credentials are not configured. */
export class PlatformNotConfiguredError extends Error {
  constructor(readonly platform: Platform) {
    super(`${platform} is not configured: set its client id and secret (see .env.example)`);
    this.name = "PlatformNotConfiguredError";
  }
}

export interface ConnectorRegistry {
  /** the connector of a configured platform; throws PlatformNotConfiguredError otherwise */
  get(platform: Platform): Connector;
  isConfigured(platform: Platform): boolean;
  readonly configured: readonly Platform[];
  readonly http: HttpClient;
}

export interface RegistryOptions {
  config: ConnectorsConfig;
  clock?: Clock;
  /** `connector.request.duration` and friends */
  observe?: (observation: RequestObservation) => void;
  /** a span per platform call (`traceConnectorRequest` from @postd/telemetry) */
  trace?: RequestTraceHook;
  fetch?: typeof fetch;
}

/** Builds the connector of every configured platform over one HTTP client (with the platform-sim rewrite). */
export function createConnectorRegistry(options: RegistryOptions): ConnectorRegistry {
  const { config } = options;
  const http = createHttpClient({
    simUrl: config.simUrl,
    timeoutMs: config.timeoutMs,
    userAgent: "postd/1.0",
    ...(options.observe ? { observe: options.observe } : {}),
    ...(options.trace ? { trace: options.trace } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const deps = { http, clock: options.clock ?? systemClock() };
  const connectors = new Map<Platform, Connector>();
  if (config.meta) connectors.set("meta", createMetaConnector(config.meta, deps));
  if (config.linkedin) connectors.set("linkedin", createLinkedInConnector(config.linkedin, deps));
  if (config.tiktok) connectors.set("tiktok", createTikTokConnector(config.tiktok, deps));
  if (config.gbp) connectors.set("gbp", createGbpConnector(config.gbp, deps));
  if (config.mailchimp) connectors.set("mailchimp", createMailchimpConnector(config.mailchimp, deps));
  for (const [platform, connector] of connectors)
    connectors.set(platform, withSimAuthorizationUrl(connector, http));
  return {
    get(platform) {
      const connector = connectors.get(platform);
      if (!connector) throw new PlatformNotConfiguredError(platform);
      return connector;
    },
    isConfigured: (platform) => connectors.has(platform),
    configured: [...connectors.keys()],
    http,
  };
}

/** The authorization URL handed to the browser goes through the same platform-sim rewrite as every other URL. */
function withSimAuthorizationUrl(connector: Connector, http: HttpClient): Connector {
  return Object.assign(Object.create(connector) as Connector, {
    buildAuthorizationUrl: (input: Parameters<Connector["buildAuthorizationUrl"]>[0]) =>
      http.resolveUrl(connector.buildAuthorizationUrl(input)),
  });
}
