import { z } from "zod";
import { Platform } from "../domain";
import { defineRpc } from "../rpc";

/**
 * The secret in a connection's own webhook URL, for the platform whose webhooks carry no app-level signature
 * (Mailchimp: the tenant registers `<PUBLIC_BASE_URL>/api/webhooks/mailchimp/<secret>` on its audience). Read from
 * the vault and recorded in the access log; NOT_FOUND for other platforms, revoked connections and foreign ids.
 */
export const GetWebhookSecret = defineRpc({
  service: "token",
  verb: "get-webhook-secret",
  request: z.object({ tenantId: z.string().min(1), connectionId: z.string().min(1) }),
  response: z.object({ connectionId: z.string(), platform: Platform, webhookSecret: z.string().min(1) }),
});
