import { connectorEnv } from "@postd/connectors";
import { baseServiceConfig, envInteger, envList, type Frozen } from "@postd/service-kit";
import { z } from "zod";

export const Config = z.object({
  ...baseServiceConfig,
  // The platforms' app credentials and PLATFORM_SIM_URL (packages/connectors): each check calls the platform.
  ...connectorEnv,
  // /healthz, /readyz and /metrics (infra/ports.md: health-service is 9104); 0 takes any free port (tests).
  INTERNAL_PORT: envInteger({ min: 0, max: 65535, default: 9104 }),
  // How often every connection is checked, in ms before TIME_SCALE. 21600000 = 6 hours (architecture "Health").
  // Each connection gets its own offset inside the interval (a hash of its id), so checks spread out evenly.
  HEALTH_CHECK_INTERVAL_MS: envInteger({ min: 1_000, max: 7 * 86_400_000, default: 21_600_000 }),
  // Checks running at once in one replica (queue `health-service.check`). 10: each waits mostly on a platform.
  HEALTH_CHECK_CONCURRENCY: envInteger({ min: 1, max: 100, default: 10 }),
  // How often the reconciler rebuilds missing schedules, backfills connections from token-service and audits
  // expiring tokens, in seconds before TIME_SCALE. It runs once per interval across replicas (a Redis lock).
  HEALTH_RECONCILE_INTERVAL_SECONDS: envInteger({ min: 1, max: 86_400, default: 600 }),
  // The services `svc.health.system` expects, as `name` or `name:replicas` (`token:2`). A service with no
  // instance is down; one with fewer replicas than expected is degraded. Default: one of each.
  HEALTH_EXPECTED_SERVICES: envList({
    default: ["gateway", "oauth", "token", "publish", "health", "webhook"],
  }),
  // BullMQ queues `svc.health.queues` always reports (even empty); others are found by scanning
  // `<REDIS_PREFIX>:*:meta`. Default: every queue the services declare.
  HEALTH_KNOWN_QUEUES: envList({
    default: [
      "token-service.refresh",
      "publish-service.publish",
      "publish-service.dead-letter",
      "publish-service.reconcile",
      "webhook-service.deliver",
      "health-service.check",
    ],
  }),
  // How long one component check (or one service's metrics snapshot) may take before it counts as down, in ms.
  HEALTH_COMPONENT_TIMEOUT_MS: envInteger({ min: 100, max: 30_000, default: 2_000 }),
});
/** The parsed configuration as `loadConfig` returns it: deeply frozen. */
export type Config = Frozen<z.output<typeof Config>>;
