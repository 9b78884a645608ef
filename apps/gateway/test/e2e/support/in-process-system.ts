import { Config as OAuthConfig, type OAuthService, startOAuthService } from "@postd/oauth-service";
import { Config as PublishConfig, type PublishService, startPublishService } from "@postd/publish-service";
import { loadConfig } from "@postd/service-kit";
import type { Telemetry } from "@postd/telemetry";
import {
  createNatsNamespace,
  createRedisNamespace,
  createTestDatabase,
  freePort,
  startPlatformSim,
  systemEnv,
} from "@postd/testing";
import { startTokenService, Config as TokenConfig, type TokenService } from "@postd/token-service";
import { Config as GatewayConfig } from "../../../src/config";
import { type RunningGateway, startGateway } from "../../../src/service";
import { type E2eSystem, e2eClientOf, type SystemUnderTest } from "./e2e-system";

export interface InProcessSystem extends SystemUnderTest {
  gateway: RunningGateway;
  token: TokenService;
  oauth: OAuthService;
  publish: PublishService;
}

/**
 * The services a publish goes through (token-service, oauth-service, publish-service, the gateway) started in THIS
 * process on one telemetry, with platform-sim, on a fresh database, Redis prefix and NATS namespace: for the tests
 * that read what telemetry recorded (an in-memory span exporter sees every service's spans).
 */
export async function startInProcessSystem(input: {
  telemetry: Telemetry;
  env?: Record<string, string>;
}): Promise<E2eSystem<InProcessSystem>> {
  const sim = await startPlatformSim();
  const database = await createTestDatabase({ prefix: "e2e" });
  const redis = createRedisNamespace();
  const nats = createNatsNamespace();
  const gatewayPort = await freePort();
  const env: Record<string, string> = {
    ...systemEnv({
      databaseUrl: database.url,
      redisUrl: redis.url,
      redisPrefix: redis.prefix,
      natsUrl: nats.url,
      natsPrefix: nats.ns.prefix,
      simUrl: sim.url,
      gatewayPort,
      timeScale: 0.01,
    }),
    LOG_LEVEL: "silent",
    INTERNAL_PORT: "0",
    ...input.env,
  };
  const { telemetry } = input;
  const token = await startTokenService({ config: loadConfig(TokenConfig, env), telemetry });
  const oauth = await startOAuthService({ config: loadConfig(OAuthConfig, env), telemetry });
  const publish = await startPublishService({ config: loadConfig(PublishConfig, env), telemetry });
  const gateway = await startGateway({ config: loadConfig(GatewayConfig, env), telemetry });
  const system: InProcessSystem = {
    gatewayUrl: gateway.url,
    simUrl: sim.url,
    adminKey: env.ADMIN_API_KEY ?? "",
    env,
    gateway,
    token,
    oauth,
    publish,
    async stop() {
      for (const service of [gateway, publish, oauth, token]) await service.stop("test done");
      await sim.close();
      await Promise.all([database.drop(), redis.cleanup(), nats.cleanup()]);
    },
  };
  return e2eClientOf(system);
}
