import { randomBytes } from "node:crypto";
import { connectViaSim, type StoreRequest, simConnectors } from "@postd/connectors/testing";
import type { Platform } from "@postd/contracts";
import { Config as PublishConfig, type PublishService, startPublishService } from "@postd/publish-service";
import { type RunningSim, startPlatformSim } from "@postd/testing";
import { startTokenService, Config as TokenConfig, type TokenService } from "@postd/token-service";
import type { WebhookService } from "../../src/service";
import { createWebhookTestEnv, sharedTelemetry, type WebhookTestEnv } from "./webhook-env";

export type { StoreRequest };

export interface RealServices {
  env: WebhookTestEnv;
  sim: RunningSim;
  token: TokenService;
  publish: PublishService;
  webhooks: WebhookService;
  /** the platform's real OAuth against the sim, as oauth-service runs it: the `svc.token.store` request */
  grantFor(input: { tenantId: string; platform: Platform }): Promise<StoreRequest>;
  close(): Promise<void>;
}

/**
 * The real producers of the events: platform-sim, token-service and publish-service in this process, beside
 * webhook-service, on one database, Redis prefix and NATS namespace.
 */
export async function startRealServices(): Promise<RealServices> {
  const sim = await startPlatformSim();
  const env = await createWebhookTestEnv({ env: { TIME_SCALE: "0.01" } });
  const shared = { ...env.env, PLATFORM_SIM_URL: sim.url, CONNECTOR_TIMEOUT_MS: "5000" };
  const telemetry = sharedTelemetry();
  const token = await startTokenService({
    config: TokenConfig.parse({
      ...shared,
      TOKEN_VAULT_MASTER_SECRET: randomBytes(36).toString("base64"),
      REFRESH_CLAIM_STALE_MS: "10000",
      REFRESH_WAIT_TIMEOUT_MS: "15000",
    }),
    telemetry,
  });
  const publish = await startPublishService({
    config: PublishConfig.parse({ ...shared, PUBLISH_LEASE_MS: "10000", RECONCILE_INTERVAL_MS: "30000" }),
    telemetry,
  });
  const webhooks = await env.start();
  const connectors = simConnectors(sim);
  return {
    env,
    sim,
    token,
    publish,
    webhooks,
    grantFor: (input) => connectViaSim(connectors, input),
    async close() {
      await publish.stop("test done");
      await token.stop("test done");
      await env.close();
      await sim.close();
    },
  };
}
