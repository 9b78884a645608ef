import type { NatsConnection } from "@nats-io/nats-core";
import type { ComponentHealth, NatsNamespace } from "@postd/contracts";
import { discoverServices } from "@postd/service-kit";

export interface ExpectedService {
  /** the RPC service name: `token` answers `svc.token.*` */
  service: string;
  replicas: number;
}

/** `token`, `token:2` → the service and how many replicas should answer (HEALTH_EXPECTED_SERVICES). */
export function parseExpectedServices(entries: readonly string[]): ExpectedService[] {
  return entries.map((entry) => {
    const [service = entry, count] = entry.split(":");
    const replicas = count === undefined ? 1 : Number.parseInt(count, 10);
    return { service: service.trim(), replicas: Number.isInteger(replicas) && replicas > 0 ? replicas : 1 };
  });
}

/** How a service is named to people: `gateway`, `token-service`. */
export function displayName(service: string): string {
  return service === "gateway" ? "gateway" : `${service}-service`;
}

/**
 * Each expected service through NATS service discovery (`$SRV.INFO`): no instance → down, fewer than expected →
 * degraded, else ok. Services that answer without being expected are listed too (ok).
 */
export async function checkServices(
  nc: NatsConnection,
  ns: NatsNamespace,
  options: { expected: readonly ExpectedService[]; waitMs: number },
): Promise<ComponentHealth[]> {
  const instances = await discoverServices(nc, ns, { waitMs: options.waitMs });
  const counts = new Map<string, { count: number; versions: Set<string> }>();
  for (const instance of instances) {
    const service = ns.prefix ? instance.name.slice(ns.prefix.length + 1) : instance.name;
    const entry = counts.get(service) ?? { count: 0, versions: new Set<string>() };
    entry.count += 1;
    entry.versions.add(instance.version);
    counts.set(service, entry);
  }
  const expectedNames = new Set(options.expected.map((entry) => entry.service));
  const unexpected = [...counts.keys()].filter((service) => !expectedNames.has(service)).sort();
  return [...options.expected, ...unexpected.map((service) => ({ service, replicas: 1 }))].map(
    ({ service, replicas }) => {
      const found = counts.get(service);
      const name = displayName(service);
      if (!found) return { name, status: "down", detail: "no instance answers NATS service discovery" };
      const detail = `${found.count} of ${replicas} expected instance(s), version ${[...found.versions].join(", ")}`;
      return { name, status: found.count < replicas ? "degraded" : "ok", detail };
    },
  );
}
