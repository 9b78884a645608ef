import type { NatsConnection } from "@nats-io/nats-core";
import type { Svcm as SvcmType } from "@nats-io/services";
import { Svcm } from "@nats-io/services";
import { type NatsNamespace, namespacedName, type Platform } from "@postd/contracts";
import type { RunningSim } from "@postd/testing";

export const tiktokTokenEndpoint = "POST open.tiktokapis.com/v2/oauth/token/";

/** How many times the sim saw this endpoint since the counters were last cleared. */
export async function simCalls(sim: RunningSim, key: string): Promise<number> {
  const { counts } = await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return counts[key] ?? 0;
}

export interface SimGrant {
  grantId: string;
  revoked: boolean;
  tokens: Array<{ kind: "access" | "refresh"; used: boolean; expiresAt: number | null }>;
}

export async function simGrants(sim: RunningSim, platform: Platform, userId: string): Promise<SimGrant[]> {
  const query = new URLSearchParams({ platform, userId });
  const { data } = await sim.control<{ data: SimGrant[] }>("GET", `/_sim/grants?${query}`);
  return data;
}

/** Requests answered per token-service instance for one verb (`$SRV.STATS`), to see the load was shared. */
export async function requestsPerInstance(
  nc: NatsConnection,
  ns: NatsNamespace,
  verb: string,
): Promise<number[]> {
  const client: ReturnType<SvcmType["client"]> = new Svcm(nc).client({
    strategy: "stall",
    maxWait: 1_000,
    stall: 250,
  });
  const counts: number[] = [];
  for await (const stats of await client.stats(namespacedName(ns, "token"))) {
    counts.push(stats.endpoints?.find((endpoint) => endpoint.name === verb)?.num_requests ?? 0);
  }
  return counts;
}
