import type { WebhookEndpointView } from "@postd/contracts";
import type { EndpointRow } from "../db/schema";

/** An endpoint as the API shows it: never a secret, ciphertext or failure counter. */
export function endpointView(row: EndpointRow, now: Date): WebhookEndpointView {
  const overlapEnds = row.previousSecretExpiresAt;
  return {
    id: row.id,
    url: row.url,
    events: row.events,
    description: row.description,
    enabled: row.enabled,
    disabledReason: row.disabledReason,
    previousSecretExpiresAt:
      row.previousSecretCiphertext !== null && overlapEnds !== null && overlapEnds > now
        ? overlapEnds.toISOString()
        : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
