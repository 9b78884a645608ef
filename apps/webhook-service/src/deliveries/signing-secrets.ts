import type { WebhookContext } from "../context";
import type { EndpointRow } from "../db/schema";

/** The secrets that sign now: the current one, then a rotated-out one while its overlap lasts. */
export async function signingSecrets(
  ctx: Pick<WebhookContext, "secrets">,
  endpoint: EndpointRow,
  now: Date,
): Promise<string[]> {
  const open = (ciphertext: string) =>
    ctx.secrets.open({ tenantId: endpoint.tenantId, endpointId: endpoint.id, ciphertext });
  const secrets = [await open(endpoint.secretCiphertext)];
  const previous = endpoint.previousSecretCiphertext;
  const until = endpoint.previousSecretExpiresAt;
  if (previous !== null && until !== null && until > now) secrets.push(await open(previous));
  return secrets;
}
