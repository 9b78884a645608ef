import type { DatabaseOrTransaction } from "@postd/service-kit";
import type { Logger } from "pino";
import type { GatewayTables } from "./db/schema";

/** What the gateway's domain functions take: the database (or the transaction to join), a logger, a clock. */
export interface GatewayContext {
  db: DatabaseOrTransaction<GatewayTables>;
  logger: Logger;
  now: () => Date;
}
