import type { GetWebhookSecret, RpcResponse } from "@postd/contracts";
import { notFound } from "@postd/service-kit";
import type { AccessMeta, TokenContext } from "../context";
import { readSecrets } from "../secrets/read-secrets";
import { loadConnection } from "./load-connection";

/**
 * The secret of a Mailchimp connection's webhook URL (made once when it was first stored), so the tenant can
 * register the URL on its audience. Every read is one access-log row. Other platforms sign their webhooks and
 * have no such URL; a revoked connection's secret is deleted: both answer NOT_FOUND, like a foreign id.
 */
export async function getWebhookSecret(
  ctx: TokenContext,
  input: { tenantId: string; connectionId: string; access: Omit<AccessMeta, "purpose"> },
): Promise<RpcResponse<typeof GetWebhookSecret>> {
  const connection = await loadConnection(ctx.db, input);
  const missing = () => notFound(`a webhook URL of ${connection.platform} connection ${connection.id}`);
  if (connection.platform !== "mailchimp" || connection.status === "revoked") throw missing();
  const stored = await readSecrets(ctx, {
    tenantId: connection.tenantId,
    connectionId: connection.id,
    fields: ["webhook_secret"],
    access: { ...input.access, purpose: "webhook-url" },
  });
  const webhookSecret = stored.connection.webhook_secret;
  if (!webhookSecret) throw missing();
  return { connectionId: connection.id, platform: connection.platform, webhookSecret };
}
