import type { AccountAccess, AccountOptions } from "../core/index";
import { Audience, audienceFields } from "./audience";
import type { MailchimpContext } from "./context";
import { callMailchimp, resolveApiTarget } from "./mailchimp-api";
import { parseBody } from "./parse-body";

/** What the composer shows for an audience: its campaign defaults and size. */
export interface MailchimpAccountOptions {
  name: string;
  memberCount: number | null;
  fromName: string | null;
  fromEmail: string | null;
  subject: string | null;
  language: string | null;
}

/** `GET /3.0/lists/{list_id}` (only the fields needed) → the audience's defaults and member count. */
export async function getMailchimpAccountOptions(
  context: MailchimpContext,
  access: AccountAccess,
): Promise<AccountOptions> {
  const operation = "accounts.audience";
  const target = await resolveApiTarget(context, access, operation);
  const response = await callMailchimp(context, target, {
    operation,
    method: "GET",
    path: `/lists/${encodeURIComponent(access.account.externalId)}`,
    query: { fields: audienceFields.join(",") },
  });
  const audience = parseBody(Audience, response, { operation });
  const defaults = audience.campaign_defaults ?? {};
  const options: MailchimpAccountOptions = {
    name: audience.name,
    memberCount: audience.stats?.member_count ?? null,
    fromName: defaults.from_name || null,
    fromEmail: defaults.from_email || null,
    subject: defaults.subject || null,
    language: defaults.language || null,
  };
  return { kind: "mailchimp_audience", options: { ...options } };
}
