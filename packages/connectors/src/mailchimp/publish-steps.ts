import { z } from "zod";
import { type AccountAccess, ConnectorError, type EmailContent, type PostContent } from "../core/index";
import { Campaign } from "./campaign";
import type { MailchimpContext } from "./context";
import { type ApiTarget, callMailchimp } from "./mailchimp-api";
import { parseBody } from "./parse-body";

const Checklist = z.looseObject({
  is_ready: z.boolean(),
  items: z
    .array(
      z.looseObject({ type: z.string(), heading: z.string().optional(), details: z.string().optional() }),
    )
    .default([]),
});

export interface Step {
  context: MailchimpContext;
  target: ApiTarget;
  campaignId: string;
  signal?: AbortSignal;
}

const withSignal = (signal: AbortSignal | undefined) => (signal ? { signal } : {});

/**
 * `POST /3.0/campaigns`: a regular campaign to the audience. The title, which subscribers never see, carries our
 * reference so a lost answer can be settled by an exact match.
 */
export async function createCampaign(
  context: MailchimpContext,
  target: ApiTarget,
  input: { access: AccountAccess; post: PostContent; email: EmailContent; signal?: AbortSignal },
): Promise<Campaign> {
  const operation = "publish.create_campaign";
  const { email } = input;
  const response = await callMailchimp(context, target, {
    operation,
    method: "POST",
    path: "/campaigns",
    json: {
      type: "regular",
      recipients: { list_id: input.access.account.externalId },
      settings: {
        subject_line: email.subject,
        ...(email.previewText === undefined ? {} : { preview_text: email.previewText }),
        title: input.post.reference,
        from_name: email.fromName,
        reply_to: email.replyTo.trim(),
      },
    },
    ...withSignal(input.signal),
  });
  return parseBody(Campaign, response, { operation, sideEffect: true });
}

/** `PUT /3.0/campaigns/{id}/content {html}`: replaces the content, so repeating it is harmless. */
export async function setContent(step: Step, html: string): Promise<void> {
  await callMailchimp(step.context, step.target, {
    operation: "publish.set_content",
    method: "PUT",
    path: `/campaigns/${encodeURIComponent(step.campaignId)}/content`,
    json: { html },
    ...withSignal(step.signal),
  });
}

/** `GET …/send-checklist`: not ready → invalid_request naming every error item (warnings are let through). */
export async function checkReadyToSend(step: Step): Promise<void> {
  const operation = "publish.send_checklist";
  const response = await callMailchimp(step.context, step.target, {
    operation,
    method: "GET",
    path: `/campaigns/${encodeURIComponent(step.campaignId)}/send-checklist`,
    ...withSignal(step.signal),
  });
  const checklist = parseBody(Checklist, response, { operation });
  if (checklist.is_ready) return;
  const errors = checklist.items
    .filter((item) => item.type === "error")
    .map((item) => [item.heading, item.details].filter(Boolean).join(": "));
  throw new ConnectorError({
    kind: "invalid_request",
    platform: "mailchimp",
    platformCode: "send_checklist",
    message: `${operation}: Mailchimp will not send campaign ${step.campaignId}: ${errors.join("; ") || "not ready"}`,
    httpStatus: response.status,
  });
}

/** `POST …/actions/send` → 204. A lost answer is an unknown outcome, settled by reading the campaign's status. */
export async function sendCampaign(step: Step): Promise<void> {
  await callMailchimp(step.context, step.target, {
    operation: "publish.send",
    method: "POST",
    path: `/campaigns/${encodeURIComponent(step.campaignId)}/actions/send`,
    ...withSignal(step.signal),
  });
}
