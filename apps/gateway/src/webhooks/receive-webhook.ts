import {
  type Connector,
  ConnectorError,
  type HandshakeResponse,
  type PlatformWebhookEvent,
  type WebhookRequest,
} from "@postd/connectors";
import type { Platform } from "@postd/contracts";
import { AppError } from "@postd/service-kit";
import { type EventOwner, findEventOwners, findMailchimpOwners } from "./find-event-owners";
import { recordWebhookEvent } from "./record-webhook-event";
import { assertNotFlooding, type DeliverySource, refuseDelivery } from "./refuse-delivery";
import type { WebhookDeps } from "./webhook-deps";

export interface WebhookDelivery extends DeliverySource {
  request: WebhookRequest;
  requestId: string;
  /** the secret of `/api/webhooks/mailchimp/:secret` */
  mailchimpSecret?: string;
}

export type WebhookResult =
  | { kind: "handshake"; response: HandshakeResponse }
  | { kind: "accepted"; received: number; duplicates: number };

/** The connector of a platform whose webhooks we take; 404 otherwise. */
export function webhookConnector(deps: WebhookDeps, platform: Platform): Connector {
  if (!deps.connectors.isConfigured(platform)) {
    throw new AppError(
      "NOT_FOUND",
      `${platform} is not configured on this deployment, so its webhooks are not taken`,
    );
  }
  return deps.connectors.get(platform);
}

/** GET: the platform checking the endpoint (Meta `hub.challenge`, LinkedIn `challengeCode`, Mailchimp). */
export function answerHandshake(deps: WebhookDeps, delivery: WebhookDelivery): WebhookResult {
  const response = webhookConnector(deps, delivery.platform).handleWebhookHandshake(delivery.request);
  if (!response)
    throw new AppError("VALIDATION", `this is not a ${delivery.platform} webhook verification request`);
  return { kind: "handshake", response };
}

/**
 * POST: verify (flood check, owner of a Mailchimp URL secret, signature over the raw bytes), parse, then record
 * each event once. An empty-bodied POST that the connector treats as a handshake (Mailchimp) is answered as one.
 */
export async function receiveWebhook(deps: WebhookDeps, delivery: WebhookDelivery): Promise<WebhookResult> {
  const connector = webhookConnector(deps, delivery.platform);
  if (delivery.request.rawBody.length === 0) {
    const handshake = connector.handleWebhookHandshake(delivery.request);
    if (handshake) return { kind: "handshake", response: handshake };
  }
  await assertNotFlooding(deps, delivery);
  const secretOwners = delivery.mailchimpSecret === undefined ? null : await mailchimpOwners(deps, delivery);
  if (!(await connector.validateWebhookSignature(delivery.request))) {
    throw await refuseDelivery(deps, delivery, "bad_signature");
  }
  const events = parseEvents(connector, delivery);
  const owners =
    secretOwners ??
    (await findEventOwners(deps, {
      platform: delivery.platform,
      externalAccountIds: events.flatMap((event) =>
        event.externalAccountId ? [event.externalAccountId] : [],
      ),
      requestId: delivery.requestId,
    }));
  let received = 0;
  for (const event of events) {
    const eventOwners = Array.isArray(owners) ? owners : ownersOf(owners, event);
    if (await recordWebhookEvent(deps.ctx, { platform: delivery.platform, event, owners: eventOwners }))
      received++;
  }
  deps.ctx.logger.info(
    { platform: delivery.platform, events: events.length, received, duplicates: events.length - received },
    "webhook delivery accepted",
  );
  return { kind: "accepted", received, duplicates: events.length - received };
}

async function mailchimpOwners(deps: WebhookDeps, delivery: WebhookDelivery): Promise<EventOwner[]> {
  const webhookSecret = delivery.mailchimpSecret ?? "";
  const owners = /^[A-Za-z0-9._~-]{16,256}$/.test(webhookSecret)
    ? await findMailchimpOwners(deps, { webhookSecret, requestId: delivery.requestId })
    : [];
  if (owners.length === 0) throw await refuseDelivery(deps, delivery, "unknown_secret");
  return owners;
}

function ownersOf(owners: Map<string, EventOwner[]>, event: PlatformWebhookEvent): EventOwner[] {
  return event.externalAccountId ? (owners.get(event.externalAccountId) ?? []) : [];
}

/** A verified body the connector cannot read is the sender's error (400), never ours. */
function parseEvents(connector: Connector, delivery: WebhookDelivery): PlatformWebhookEvent[] {
  try {
    return connector.parseWebhookEvent(delivery.request);
  } catch (error) {
    if (error instanceof ConnectorError) {
      throw new AppError("VALIDATION", `the ${delivery.platform} webhook body could not be read`, {
        cause: error,
      });
    }
    throw error;
  }
}
