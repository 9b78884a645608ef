import type { Platform } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { recordAudit } from "../audit/record-audit";
import type { WebhookDeps } from "./webhook-deps";

export interface DeliverySource {
  platform: Platform;
  /** the client address (X-Forwarded-For only from trusted proxies) */
  ip: string;
}

const floodKey = (source: DeliverySource) => `webhook-refused:${source.platform}:${source.ip}`;

/** 429 before any verification when this address already sent too many refused deliveries this minute. */
export async function assertNotFlooding(deps: WebhookDeps, source: DeliverySource): Promise<void> {
  const decision = await deps.rateLimiter.peek(floodKey(source), deps.badSignatureLimitPerMinute);
  if (decision.allowed) return;
  throw new AppError(
    "RATE_LIMITED",
    `too many refused ${source.platform} webhook deliveries from this address; retry in ${decision.resetSeconds} s`,
    { retryAfterSeconds: decision.resetSeconds },
  );
}

/**
 * A delivery that failed verification: counted against its address, written to the audit log (no body, no
 * header values: only what happened) and answered 401.
 */
export async function refuseDelivery(
  deps: WebhookDeps,
  source: DeliverySource,
  reason: "bad_signature" | "unknown_secret",
): Promise<AppError> {
  await deps.rateLimiter.hit(floodKey(source), deps.badSignatureLimitPerMinute);
  await recordAudit(deps.ctx, {
    tenantId: null,
    actor: `platform:${source.platform}`,
    action: "webhook.refused",
    target: source.platform,
    details: { reason, ip: source.ip },
  });
  deps.ctx.logger.warn({ platform: source.platform, reason, ip: source.ip }, "webhook delivery refused");
  return new AppError(
    "UNAUTHENTICATED",
    reason === "bad_signature"
      ? `the ${source.platform} webhook signature is missing, stale or does not match the body`
      : "this webhook URL is not known",
  );
}
