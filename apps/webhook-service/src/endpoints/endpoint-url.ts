import { validationFailed } from "@postd/service-kit";
import type { WebhookContext } from "../context";
import { checkEndpointUrl } from "../outbound/check-endpoint-url";
import { OutboundRefusedError } from "../outbound/outbound-policy";

/** The URL as it will be stored and called, or VALIDATION on `url` saying which rule it breaks. */
export async function acceptableEndpointUrl(
  ctx: Pick<WebhookContext, "policy">,
  raw: string,
): Promise<string> {
  try {
    return (await checkEndpointUrl(ctx.policy, raw)).href;
  } catch (error) {
    if (error instanceof OutboundRefusedError) {
      throw validationFailed([{ path: "url", message: error.reason }]);
    }
    throw error;
  }
}

/** Each subject once, in the order given. */
export function uniqueEvents<T extends string>(events: readonly T[]): T[] {
  return [...new Set(events)];
}
