import { createHash } from "node:crypto";
import { ConnectorError, type PlatformWebhookEvent, type WebhookRequest } from "../core/index";
import { type FormTree, formValue, parseFormBody } from "./form-body";

/** Audience member events: each is an `audience_change` with the action named. */
const memberEvents = new Set(["subscribe", "unsubscribe", "profile", "upemail", "cleaned"]);

/**
 * One delivery is one event. Form fields (`type`, `fired_at`, `data[…]`) are normalized: subscribe,
 * unsubscribe, profile, upemail and cleaned → `audience_change` (`action` = the type); campaign → `other`
 * (`platformPostId`, `status`); anything else → `other`. The audience is `data[list_id]`. Mailchimp sends no
 * event id: `platformEventId` = `mailchimp_` + sha256 of the raw body, the same for a redelivery of the same
 * bytes. `fired_at` ("YYYY-MM-DD HH:MM:SS") is read as UTC; when unreadable, `now` stands in.
 */
export function parseMailchimpWebhook(request: WebhookRequest, now: number): PlatformWebhookEvent[] {
  const form = parseFormBody(request.rawBody);
  const type = formValue(form, "type");
  if (!type) {
    throw new ConnectorError({
      kind: "invalid_request",
      platform: "mailchimp",
      platformCode: "malformed_webhook",
      message: "webhook.parse: the body is not a Mailchimp webhook (no `type` field)",
    });
  }
  return [
    {
      platformEventId: `mailchimp_${createHash("sha256").update(request.rawBody).digest("hex").slice(0, 40)}`,
      kind: memberEvents.has(type) ? "audience_change" : "other",
      externalAccountId: formValue(form, "data", "list_id") || null,
      occurredAt: firedAt(formValue(form, "fired_at")) ?? new Date(now),
      data: { action: type, ...dataOf(type, form) },
    },
  ];
}

function dataOf(type: string, form: FormTree): Record<string, unknown> {
  const value = (...path: string[]) => formValue(form, "data", ...path);
  const fields: Record<string, string | undefined> =
    type === "campaign"
      ? {
          platformPostId: value("id"),
          subject: value("subject"),
          status: value("status"),
          reason: value("reason"),
        }
      : {
          subscriberId: value("id") ?? value("new_id"),
          email: value("email") ?? value("new_email"),
          oldEmail: value("old_email"),
          emailType: value("email_type"),
          unsubscribeAction: value("action"),
          reason: value("reason"),
          campaignId: value("campaign_id"),
        };
  const data: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(fields)) if (item) data[key] = item;
  const merges = form.data && typeof form.data === "object" ? form.data.merges : undefined;
  if (merges && typeof merges === "object") data.merges = flatStrings(merges);
  return data;
}

function flatStrings(tree: FormTree): Record<string, string> {
  return Object.fromEntries(
    Object.entries(tree).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}

/** "2026-01-05 09:30:00" as UTC (Mailchimp's zone for it is unconfirmed). */
function firedAt(value: string | undefined): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value?.trim() ?? "");
  if (!match) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number);
  const date = new Date(Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0));
  return Number.isNaN(date.getTime()) ? null : date;
}
