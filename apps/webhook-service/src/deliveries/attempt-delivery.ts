import { recordMetric } from "@postd/telemetry";
import { and, eq, sql } from "drizzle-orm";
import type { WebhookContext } from "../context";
import { deliveries, type EndpointRow } from "../db/schema";
import type { DeliverJobData } from "../jobs/deliver.job";
import { type PostOutcome, postWebhook } from "../outbound/post-webhook";
import { deliveryHeaders } from "../signing/sign-delivery";
import { claimAttempt } from "./claim-attempt";
import { recordAttempt } from "./record-attempt";
import { signingSecrets } from "./signing-secrets";
import { webhookBody } from "./webhook-payload";

export type AttemptResult = "delivered" | "retrying" | "dead" | "skipped";

/**
 * One attempt of one delivery: claim it, sign the body with the secrets that sign now, POST it through the
 * outbound guard, record what happened, and queue the next attempt when one is due. Idempotent: a job for an
 * attempt already made (or being made) does nothing.
 */
export async function attemptDelivery(ctx: WebhookContext, job: DeliverJobData): Promise<AttemptResult> {
  const claim = await claimAttempt(ctx, job);
  if (claim.kind === "skipped") return "skipped";
  const { delivery, endpoint } = claim;
  const unusable = unusableReason(endpoint);
  if (unusable) {
    await endUnsendable(ctx, { job, reason: unusable });
    recordMetric("webhook.delivery.outcome", 1, { outcome: "dead", status_class: "endpoint_unusable" });
    return "dead";
  }
  const now = ctx.now();
  const body = webhookBody(delivery);
  const outcome = await postWebhook(ctx.policy, {
    url: endpoint.url,
    body,
    headers: deliveryHeaders({
      id: delivery.id,
      timestamp: Math.floor(now.getTime() / 1_000),
      body,
      secrets: await signingSecrets(ctx, endpoint, now),
    }),
    timeoutMs: ctx.settings.timeoutMs,
    excerptBytes: ctx.settings.excerptBytes,
  });
  const recorded = await recordAttempt(ctx, {
    deliveryId: delivery.id,
    tenantId: delivery.tenantId,
    endpoint,
    attempt: job.attempt,
    outcome,
  });
  if (!recorded) return "skipped";
  const labels = { outcome: recorded.status, status_class: statusClass(outcome) };
  recordMetric("webhook.delivery.outcome", 1, labels);
  recordMetric("webhook.delivery.duration", outcome.latencyMs, labels);
  ctx.logger.info(
    {
      deliveryId: delivery.id,
      endpointId: endpoint.id,
      event: delivery.eventSubject,
      attempt: job.attempt,
      status: recorded.status,
      statusCode: outcome.kind === "response" ? outcome.statusCode : null,
      latencyMs: outcome.latencyMs,
      nextAttemptAt: recorded.nextAttemptAt,
    },
    "webhook attempt recorded",
  );
  if (recorded.status === "retrying") {
    await ctx.scheduler.schedule(
      { tenantId: job.tenantId, deliveryId: job.deliveryId, attempt: job.attempt + 1 },
      { at: recorded.nextAttemptAt },
    );
  }
  return recorded.status;
}

function unusableReason(endpoint: EndpointRow): string | null {
  if (endpoint.deletedAt !== null) return "the endpoint was deleted";
  if (!endpoint.enabled) return `the endpoint is disabled (${endpoint.disabledReason ?? "no reason given"})`;
  return null;
}

/** A delivery whose endpoint can no longer receive: dead without an attempt; a replay after re-enabling sends it. */
async function endUnsendable(
  ctx: WebhookContext,
  input: { job: DeliverJobData; reason: string },
): Promise<void> {
  await ctx.db
    .update(deliveries)
    .set({
      status: "dead",
      nextAttemptAt: null,
      leaseExpiresAt: null,
      lastError: input.reason,
      updatedAt: sql`now()`,
    })
    .where(
      and(
        eq(deliveries.id, input.job.deliveryId),
        eq(deliveries.tenantId, input.job.tenantId),
        eq(deliveries.attempts, input.job.attempt - 1),
      ),
    );
}

/** A low-cardinality label: the status class, or how the attempt failed without one. */
export function statusClass(outcome: PostOutcome): string {
  if (outcome.kind === "failed") return outcome.failure;
  return `${Math.floor(outcome.statusCode / 100)}xx`;
}
