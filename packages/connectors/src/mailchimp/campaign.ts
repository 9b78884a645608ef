import { z } from "zod";
import type { PublishedPost } from "../core/index";
import type { MailchimpContext } from "./context";
import { type ApiTarget, callMailchimp } from "./mailchimp-api";
import { parseBody } from "./parse-body";

/** A campaign, as far as POSTD reads it. */
export const Campaign = z.looseObject({
  id: z.string().min(1),
  status: z.string(),
  create_time: z.string().optional(),
  archive_url: z.string().nullish(),
  long_archive_url: z.string().nullish(),
  settings: z.looseObject({ title: z.string().optional() }).optional(),
});
export type Campaign = z.infer<typeof Campaign>;

export const campaignFields = [
  "id",
  "status",
  "create_time",
  "archive_url",
  "long_archive_url",
  "settings.title",
] as const;

/** `sending` and `sent` have left: the audience gets (or got) the email, so it must never be sent again. */
export function hasBeenSent(campaign: Pick<Campaign, "status">): boolean {
  return campaign.status === "sending" || campaign.status === "sent";
}

/** Drafts the flow may continue: edit the content, check, send. */
export function isDraft(campaign: Pick<Campaign, "status">): boolean {
  return campaign.status === "save" || campaign.status === "paused";
}

/** The campaign id, and its public archive page (the long https form when there is one). */
export function publishedPost(campaign: Campaign): PublishedPost {
  return { platformPostId: campaign.id, url: campaign.long_archive_url || campaign.archive_url || null };
}

export async function getCampaign(
  context: MailchimpContext,
  target: ApiTarget,
  input: { campaignId: string; operation: string; signal?: AbortSignal },
): Promise<Campaign> {
  const response = await callMailchimp(context, target, {
    operation: input.operation,
    method: "GET",
    path: `/campaigns/${encodeURIComponent(input.campaignId)}`,
    query: { fields: campaignFields.join(",") },
    ...(input.signal ? { signal: input.signal } : {}),
  });
  return parseBody(Campaign, response, { operation: input.operation });
}
