import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { MetaSim } from "./graph-route";

const Limits = z.object({
  appCallsPerHour: z.number().int().positive().optional(),
  businessCallsPerDay: z.number().int().positive().optional(),
  igPublishQuotaTotal: z.number().int().nonnegative().optional(),
});

const Declined = z.object({ userId: z.string().min(1), permissions: z.array(z.string().min(1)) });

/**
 * Meta's own test controls (not part of Graph): lower the usage budgets and the IG publishing quota, and mark
 * permissions as declined (as if the user unticked them in the dialog or removed them later in settings).
 */
export async function registerMetaControlRoutes(app: FastifyInstance, sim: MetaSim): Promise<void> {
  app.put("/_sim/meta/limits", async (request, reply) => {
    const parsed = Limits.safeParse(request.body ?? {});
    if (!parsed.success)
      return reply.code(400).send({ error: "invalid request", issues: z.treeifyError(parsed.error) });
    const changes = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
    sim.world.limits = { ...sim.world.limits, ...changes };
    return sim.world.limits;
  });

  app.put("/_sim/meta/declined", async (request, reply) => {
    const parsed = Declined.safeParse(request.body);
    if (!parsed.success)
      return reply.code(400).send({ error: "invalid request", issues: z.treeifyError(parsed.error) });
    sim.world.declined.set(parsed.data.userId, new Set(parsed.data.permissions));
    return { userId: parsed.data.userId, declined: parsed.data.permissions };
  });
}
