import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { type DeliveryRow, deliveries, type EndpointRow, endpoints } from "../db/schema";
import type { DeliverJobData } from "../jobs/deliver.job";

export type Claim =
  | { kind: "claimed"; delivery: DeliveryRow; endpoint: EndpointRow }
  /** the attempt was made already, the delivery is finished, or another worker is sending it now */
  | { kind: "skipped" };

/**
 * Takes the delivery for one attempt: only while that attempt is the next one (`attempts = attempt - 1`), the
 * delivery is waiting, and no other worker holds it (a lease of `leaseMs`, taken over once it runs out, e.g.
 * after a crash). This is what keeps two workers, or a job and its duplicate, from sending one attempt twice.
 */
export async function claimAttempt(ctx: WebhookContext, job: DeliverJobData): Promise<Claim> {
  const [delivery] = await ctx.db
    .update(deliveries)
    .set({ leaseExpiresAt: sql`now() + make_interval(secs => ${ctx.settings.leaseMs / 1_000})` })
    .where(
      and(
        eq(deliveries.id, job.deliveryId),
        eq(deliveries.tenantId, job.tenantId),
        eq(deliveries.attempts, job.attempt - 1),
        inArray(deliveries.status, ["pending", "retrying"]),
        or(isNull(deliveries.leaseExpiresAt), lt(deliveries.leaseExpiresAt, sql`now()`)),
      ),
    )
    .returning();
  if (!delivery) return { kind: "skipped" };
  const [endpoint] = await ctx.db
    .select()
    .from(endpoints)
    .where(and(eq(endpoints.id, delivery.endpointId), eq(endpoints.tenantId, job.tenantId)));
  if (!endpoint) throw new Error(`delivery ${delivery.id} has no endpoint row`);
  return { kind: "claimed", delivery, endpoint };
}
