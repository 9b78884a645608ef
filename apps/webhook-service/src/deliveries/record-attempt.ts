import type { WebhookDeliveryStatus } from "@postd/contracts";
import { and, eq, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { deliveries, deliveryAttempts, type EndpointRow } from "../db/schema";
import type { PostOutcome } from "../outbound/post-webhook";
import { noteEndpointFailure, noteEndpointSuccess } from "./endpoint-health";
import { nextAttemptAt } from "./retry-schedule";

export interface RecordedAttempt {
  status: Exclude<WebhookDeliveryStatus, "pending">;
  nextAttemptAt: Date | null;
}

/** What an attempt's outcome means: delivered on 2xx, otherwise a failure with a short reason. */
export function judgeOutcome(outcome: PostOutcome): {
  delivered: boolean;
  statusCode: number | null;
  error: string | null;
} {
  if (outcome.kind === "failed") return { delivered: false, statusCode: null, error: outcome.error };
  const { statusCode } = outcome;
  if (statusCode >= 200 && statusCode < 300) return { delivered: true, statusCode, error: null };
  const redirect = statusCode >= 300 && statusCode < 400 ? ": redirects are not followed" : "";
  return { delivered: false, statusCode, error: `HTTP ${statusCode}${redirect}` };
}

/**
 * Writes attempt `attempt` in one transaction: the attempt row, the delivery's new state (delivered, retrying at
 * the next time of its series' schedule, or dead when the schedule is spent) and the endpoint's failure count,
 * which may disable it. The next attempt is queued by the caller after the commit. Null when the attempt had
 * already been recorded.
 */
export async function recordAttempt(
  ctx: WebhookContext,
  input: {
    deliveryId: string;
    tenantId: string;
    endpoint: EndpointRow;
    attempt: number;
    outcome: PostOutcome;
  },
): Promise<RecordedAttempt | null> {
  const judged = judgeOutcome(input.outcome);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const [current] = await tx
      .select({ seriesStart: deliveries.seriesStart })
      .from(deliveries)
      .where(
        and(
          eq(deliveries.id, input.deliveryId),
          eq(deliveries.tenantId, input.tenantId),
          eq(deliveries.attempts, input.attempt - 1),
        ),
      )
      .for("update");
    // another worker recorded this attempt first (its lease ran out mid-send): nothing to write
    if (!current) return null;
    const next = judged.delivered
      ? null
      : nextAttemptAt({
          settings: ctx.settings,
          seriesAttempt: input.attempt - current.seriesStart,
          failedAt: now,
          random: ctx.random,
        });
    const status: RecordedAttempt["status"] = judged.delivered ? "delivered" : next ? "retrying" : "dead";
    await tx
      .update(deliveries)
      .set({
        status,
        attempts: input.attempt,
        nextAttemptAt: next,
        leaseExpiresAt: null,
        lastStatusCode: judged.statusCode,
        lastError: judged.error,
        updatedAt: sql`now()`,
        ...(judged.delivered ? { deliveredAt: sql`now()` } : {}),
      })
      .where(eq(deliveries.id, input.deliveryId));
    await tx.insert(deliveryAttempts).values({
      deliveryId: input.deliveryId,
      number: input.attempt,
      tenantId: input.tenantId,
      statusCode: judged.statusCode,
      latencyMs: input.outcome.latencyMs,
      responseExcerpt: input.outcome.kind === "response" ? input.outcome.responseExcerpt : null,
      error: judged.error,
    });
    if (judged.delivered) await noteEndpointSuccess(tx, input.endpoint);
    else {
      await noteEndpointFailure(tx, {
        endpoint: input.endpoint,
        error: judged.error ?? "failed",
        disableAfterMs: ctx.settings.disableAfterMs,
        logger: ctx.logger,
      });
    }
    return { status, nextAttemptAt: next };
  });
}
