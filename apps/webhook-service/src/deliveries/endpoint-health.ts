import { WebhookEndpointDisabled } from "@postd/contracts";
import { enqueueEvent } from "@postd/service-kit";
import type { Logger } from "@postd/telemetry";
import { and, eq, gt, sql } from "drizzle-orm";
import { type EndpointRow, endpoints, outbox } from "../db/schema";
import type { WebhookDatabaseOrTransaction } from "../db/webhook-database";

/** A delivered attempt: the endpoint is healthy again. */
export async function noteEndpointSuccess(
  tx: WebhookDatabaseOrTransaction,
  endpoint: EndpointRow,
): Promise<void> {
  await tx
    .update(endpoints)
    .set({ consecutiveFailures: 0, failingSince: null })
    .where(and(eq(endpoints.id, endpoint.id), gt(endpoints.consecutiveFailures, 0)));
}

/**
 * A failed attempt: counts it, and once every attempt has failed for `disableAfterMs` (by the database clock)
 * disables the endpoint with a note and a `webhook.endpoint_disabled.v1` event, in the caller's transaction.
 */
export async function noteEndpointFailure(
  tx: WebhookDatabaseOrTransaction,
  input: { endpoint: EndpointRow; error: string; disableAfterMs: number; logger: Logger },
): Promise<void> {
  const { endpoint } = input;
  const [counted] = await tx
    .update(endpoints)
    .set({
      consecutiveFailures: sql`${endpoints.consecutiveFailures} + 1`,
      failingSince: sql`coalesce(${endpoints.failingSince}, now())`,
    })
    .where(eq(endpoints.id, endpoint.id))
    .returning({
      consecutiveFailures: endpoints.consecutiveFailures,
      failingSince: endpoints.failingSince,
      overdue: sql<boolean>`${endpoints.failingSince} <= now() - make_interval(secs => ${input.disableAfterMs / 1_000})`,
    });
  if (!counted?.overdue || !counted.failingSince) return;
  const failingSince = counted.failingSince;
  const reason =
    `disabled after failing every delivery since ${failingSince.toISOString()} ` +
    `(${counted.consecutiveFailures} attempts; last: ${input.error})`;
  const [disabled] = await tx
    .update(endpoints)
    .set({ enabled: false, disabledReason: reason, updatedAt: sql`now()` })
    .where(and(eq(endpoints.id, endpoint.id), eq(endpoints.enabled, true)))
    .returning({ id: endpoints.id });
  if (!disabled) return;
  await enqueueEvent(tx, outbox, {
    event: WebhookEndpointDisabled,
    tenantId: endpoint.tenantId,
    data: {
      endpointId: endpoint.id,
      reason,
      failingSince: failingSince.toISOString(),
      consecutiveFailures: counted.consecutiveFailures,
    },
  });
  input.logger.warn(
    {
      endpointId: endpoint.id,
      tenantId: endpoint.tenantId,
      consecutiveFailures: counted.consecutiveFailures,
    },
    "webhook endpoint disabled after failing for too long",
  );
}
