import { createHmac } from "node:crypto";
import type { BuiltWebhook, WebhookFireRequest } from "../../core/platform-module";
import type { SimState } from "../../state/sim-state";
import type { MailchimpWorld } from "./world";

/**
 * An audience webhook delivery: a form-encoded POST with bracketed keys (`type`, `fired_at` as
 * "YYYY-MM-DD HH:MM:SS" UTC, `data[…]`). Unsigned, as Mailchimp's audience webhooks established; with
 * `signingSecret` it carries the optional `X-Mailchimp-Signature: t=<unix>,v1=HMAC-SHA256(secret, t + "." + body)`.
 * Params: `type` (else the event name), `listId`, `email`, `campaignId`, `reason`, `status`, `signingSecret`,
 * `timestamp` (unix seconds: both `fired_at` and `t=`).
 */
export function buildMailchimpWebhook(
  state: SimState,
  world: MailchimpWorld,
  request: WebhookFireRequest,
): BuiltWebhook {
  const { params } = request;
  const text = (key: string, fallback: string) =>
    typeof params[key] === "string" ? String(params[key]) : fallback;
  const type = text("type", request.event);
  const timestamp = typeof params.timestamp === "number" ? params.timestamp : Math.floor(state.now() / 1000);
  const listId = text("listId", world.lists[0]?.id ?? "");
  const form = new URLSearchParams();
  form.append("type", type);
  form.append("fired_at", firedAt(timestamp));
  for (const [key, value] of Object.entries(dataOf(type, { text, listId }))) {
    // `merges.FNAME` → `data[merges][FNAME]`
    form.append(
      `data${key
        .split(".")
        .map((part) => `[${part}]`)
        .join("")}`,
      value,
    );
  }
  const body = form.toString();
  const headers: Record<string, string> = {
    "content-type": "application/x-www-form-urlencoded",
    "user-agent": "MailChimp",
  };
  const secret = params.signingSecret;
  if (typeof secret === "string" && secret) {
    const signature = createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex");
    headers["X-Mailchimp-Signature"] = `t=${timestamp},v1=${signature}`;
  }
  return { headers, body };
}

function dataOf(
  type: string,
  input: { text: (key: string, fallback: string) => string; listId: string },
): Record<string, string> {
  const { text, listId } = input;
  const email = text("email", "jane.doe@example.test");
  const campaignId = text("campaignId", "4d6c7e8f90");
  const member = {
    id: text("subscriberId", "8a25ff1d98"),
    list_id: listId,
    email,
    email_type: "html",
    "merges.EMAIL": email,
    "merges.FNAME": "Jane",
    "merges.LNAME": "Doe",
    "merges.INTERESTS": "Bread, Pastry",
    ip_opt: "10.20.10.30",
    ip_signup: "10.20.10.30",
    web_id: "123456",
  };
  switch (type) {
    case "subscribe":
    case "profile":
      return member;
    case "unsubscribe":
      return { action: "unsub", reason: text("reason", "manual"), ...member, campaign_id: campaignId };
    case "upemail":
      return {
        list_id: listId,
        new_id: "51aa6c6b4e",
        new_email: text("newEmail", "jane.new@example.test"),
        old_email: email,
      };
    case "cleaned":
      return { list_id: listId, campaign_id: campaignId, reason: text("reason", "hard"), email };
    case "campaign":
      return {
        id: campaignId,
        subject: text("subject", "Fresh from the oven"),
        status: text("status", "sent"),
        reason: text("reason", ""),
        list_id: listId,
      };
    default:
      return { list_id: listId };
  }
}

function firedAt(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().slice(0, 19).replace("T", " ");
}
