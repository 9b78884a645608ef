import type { ConnectorDeps } from "../core/index";
import type { MetaConfig } from "./config";
import type { GraphClient } from "./graph-client";

/** What every Meta operation gets: the configuration, the shared dependencies and the Graph client. */
export interface MetaContext {
  config: MetaConfig;
  deps: ConnectorDeps;
  graph: GraphClient;
}
