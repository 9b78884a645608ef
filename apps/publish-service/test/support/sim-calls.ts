import type { RunningSim } from "@postd/testing";

/** How many times the sim saw this endpoint (`"POST api.linkedin.com/rest/posts"`) since its counters were cleared. */
export async function simCalls(sim: RunningSim, key: string): Promise<number> {
  const { counts } = await sim.control<{ counts: Record<string, number> }>("GET", "/_sim/calls");
  return counts[key] ?? 0;
}
