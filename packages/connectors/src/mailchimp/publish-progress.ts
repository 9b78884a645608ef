import type { PublishProgress } from "../core/index";

/**
 * The keys a Mailchimp publish keeps in `PublishProgress`:
 * - `campaignId`: the campaign, saved the moment it exists (created, or an earlier draft of ours adopted); a
 *   retry reads it and never creates another
 * - `contentSet`: "true" once the HTML content was stored on it
 */
export const publishKeys = ["campaignId", "contentSet"] as const;

/** Progress with the campaign forgotten: the next attempt starts with a new campaign. */
export function withoutCampaign(progress: PublishProgress): PublishProgress {
  const rest: PublishProgress = { ...progress };
  for (const key of publishKeys) delete rest[key];
  return rest;
}
