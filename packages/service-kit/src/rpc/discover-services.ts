import type { NatsConnection } from "@nats-io/nats-core";
import { Svcm } from "@nats-io/services";
import { type NatsNamespace, namespacedName } from "@postd/contracts";

export interface DiscoveredService {
  /** the registered name: `<prefix>_<service>` in a namespace, `<service>` in production */
  name: string;
  /** the instance id (one per running server) */
  id: string;
  version: string;
  endpoints: { name: string; subject: string }[];
  metadata: Record<string, string>;
}

export interface DiscoverServicesOptions {
  /** only this service's instances (its short name, e.g. `token`) */
  service?: string;
  /** how long to wait for the first answer; collecting stops once answers pause for `stallMs` */
  waitMs?: number;
  stallMs?: number;
}

/**
 * Every running RPC server instance of the namespace, through `$SRV.INFO`. Instances of other namespaces are left
 * out, so tests sharing a server do not see each other.
 */
export async function discoverServices(
  nc: NatsConnection,
  ns: NatsNamespace,
  options: DiscoverServicesOptions = {},
): Promise<DiscoveredService[]> {
  const client = new Svcm(nc).client({
    strategy: "stall",
    maxWait: options.waitMs ?? 1_000,
    stall: options.stallMs ?? 250,
  });
  const name = options.service === undefined ? undefined : namespacedName(ns, options.service);
  const found: DiscoveredService[] = [];
  for await (const info of await client.info(name)) {
    if (!belongsTo(ns, info.name)) continue;
    found.push({
      name: info.name,
      id: info.id,
      version: info.version,
      endpoints: info.endpoints.map((endpoint) => ({ name: endpoint.name, subject: endpoint.subject })),
      metadata: { ...info.metadata },
    });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

function belongsTo(ns: NatsNamespace, name: string): boolean {
  // Service names are lower-case words joined by dashes; only a namespace prefix adds an underscore.
  return ns.prefix ? name.startsWith(`${ns.prefix}_`) : !name.includes("_");
}
