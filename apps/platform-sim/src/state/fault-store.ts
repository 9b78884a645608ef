import { z } from "zod";

export const FaultAction = z.discriminatedUnion("type", [
  /** answer with this instead of handling the request: nothing happens on the platform */
  z.object({
    type: z.literal("respond"),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    headers: z.record(z.string(), z.string()).optional(),
  }),
  /** wait, then handle normally */
  z.object({ type: z.literal("latency"), ms: z.number().int().nonnegative() }),
  /** never answer and do nothing: the caller's timeout fires */
  z.object({ type: z.literal("hang") }),
  /** close the connection before handling: nothing happened, and the caller sees a reset */
  z.object({ type: z.literal("reset_before") }),
  /** handle the request (the post is made), then close the connection without answering: the unknown outcome */
  z.object({ type: z.literal("reset_after") }),
]);
export type FaultAction = z.infer<typeof FaultAction>;

export const FaultRule = z.object({
  /** e.g. "graph.facebook.com"; every host when absent */
  host: z.string().optional(),
  method: z.string().toUpperCase().optional(),
  /** a substring of the path after the host, or a regular expression written as "re:<pattern>" */
  path: z.string().optional(),
  /** how many matching requests the fault applies to; with `rate`, it applies to a share of them instead */
  count: z.number().int().positive().default(1),
  /** a probability per matching request (0–1); then `count` is ignored and the rule stays until cleared */
  rate: z.number().min(0).max(1).optional(),
  action: FaultAction,
});
export type FaultRule = z.infer<typeof FaultRule>;

interface ActiveRule {
  id: number;
  rule: FaultRule;
  remaining: number;
}

/** Faults injected by tests and demos through `/_sim/faults`, consumed by matching requests. */
export class FaultStore {
  private rules: ActiveRule[] = [];
  private nextId = 1;

  constructor(private readonly random: () => number = Math.random) {}

  add(rule: FaultRule): number {
    const id = this.nextId++;
    this.rules.push({ id, rule, remaining: rule.rate === undefined ? rule.count : Number.POSITIVE_INFINITY });
    return id;
  }

  /** The fault for this request, consuming one use of it; undefined when none applies. */
  take(request: { host: string; method: string; path: string }): FaultAction | undefined {
    for (const active of this.rules) {
      if (active.remaining <= 0 || !matches(active.rule, request)) continue;
      if (active.rule.rate !== undefined && this.random() >= active.rule.rate) continue;
      active.remaining--;
      this.rules = this.rules.filter((r) => r.remaining > 0);
      return active.rule.action;
    }
    return undefined;
  }

  list(): Array<FaultRule & { id: number; remaining: number | null }> {
    return this.rules.map((r) => ({
      ...r.rule,
      id: r.id,
      remaining: Number.isFinite(r.remaining) ? r.remaining : null,
    }));
  }

  clear(): void {
    this.rules = [];
  }
}

function matches(rule: FaultRule, request: { host: string; method: string; path: string }): boolean {
  if (rule.host && rule.host !== request.host) return false;
  if (rule.method && rule.method !== request.method) return false;
  if (!rule.path) return true;
  if (rule.path.startsWith("re:")) return new RegExp(rule.path.slice(3)).test(request.path);
  return request.path.includes(rule.path);
}
