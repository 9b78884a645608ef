import type { ConnectorRegistry } from "@postd/connectors";
import type { DrizzleDatabase, RpcClient } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";
import type { Tables } from "./db/schema";
import type { CheckScheduler } from "./schedules/check-scheduler";

/** What health-service's verbs work with: one per request, job or event, with its own logger. */
export interface HealthContext {
  db: DrizzleDatabase<Tables>;
  logger: Logger;
  rpc: RpcClient;
  connectors: ConnectorRegistry;
  scheduler: CheckScheduler;
  now: () => Date;
}
