import type { WebhookContext } from "../context";
import { type AttemptResult, attemptDelivery } from "../deliveries/attempt-delivery";
import { DeliverJobData } from "./deliver.job";

/** A `webhook-service.deliver` job: parse its ids, make the attempt. Throws only for our own faults (retried). */
export async function processDeliverJob(ctx: WebhookContext, rawData: unknown): Promise<AttemptResult> {
  const data = DeliverJobData.parse(rawData);
  const logger = ctx.logger.child({ deliveryId: data.deliveryId, attempt: data.attempt });
  return attemptDelivery({ ...ctx, logger }, data);
}
