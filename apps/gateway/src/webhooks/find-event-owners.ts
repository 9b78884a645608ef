import type { RpcResponse } from "@postd/contracts";
import { FindAccountOwner, type Platform } from "@postd/contracts";
import type { WebhookDeps } from "./webhook-deps";

export type EventOwner = RpcResponse<typeof FindAccountOwner>["matches"][number];

/** Webhook answers must be fast: the platforms give up after a few seconds and retry. */
const ownerLookupTimeoutMs = 3_000;

/**
 * Whose connections an event's platform account belongs to (token-service knows; several tenants may have
 * connected the same Page). Each distinct account is asked once per delivery. Unreachable token-service throws
 * UNAVAILABLE: the delivery is answered 503 and the platform retries, rather than recorded without its owner.
 */
export async function findEventOwners(
  deps: WebhookDeps,
  input: { platform: Platform; externalAccountIds: readonly string[]; requestId: string },
): Promise<Map<string, EventOwner[]>> {
  const owners = new Map<string, EventOwner[]>();
  for (const externalAccountId of new Set(input.externalAccountIds)) {
    const { matches } = await deps.call(
      FindAccountOwner,
      { platform: input.platform, externalAccountId },
      { requestId: input.requestId, timeoutMs: ownerLookupTimeoutMs },
    );
    owners.set(externalAccountId, matches);
  }
  return owners;
}

/** Mailchimp: the per-connection secret in the webhook URL names the owner. */
export async function findMailchimpOwners(
  deps: WebhookDeps,
  input: { webhookSecret: string; requestId: string },
): Promise<EventOwner[]> {
  const { matches } = await deps.call(
    FindAccountOwner,
    { platform: "mailchimp", webhookSecret: input.webhookSecret },
    { requestId: input.requestId, timeoutMs: ownerLookupTimeoutMs },
  );
  return matches;
}
