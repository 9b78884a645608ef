import { type AccountAccess, type FindPostInput, type FindPostResult, isConnectorError } from "../core/index";
import { getCampaign, hasBeenSent, publishedPost } from "./campaign";
import { findCampaignByTitle } from "./campaign-search";
import type { MailchimpContext } from "./context";
import { resolveApiTarget } from "./mailchimp-api";

/**
 * Settles an unknown outcome exactly. With a campaign id in progress: that campaign (sending or sent → found;
 * a draft → not_found, the retry resumes it from progress; 404 → not_found). Without: the audience's campaigns
 * created since `since`, matched by title === `post.reference` (the title is ours alone and subscribers never
 * see it): sending/sent → found; a draft or nothing → not_found (a retry adopts the draft instead of creating
 * another). A search cut short by its page limit → cannot_tell.
 */
export async function findMailchimpPost(
  context: MailchimpContext,
  access: AccountAccess,
  input: FindPostInput,
): Promise<FindPostResult> {
  const target = await resolveApiTarget(context, access, "find_post");
  const campaignId = input.progress.campaignId;
  if (campaignId) {
    try {
      const campaign = await getCampaign(context, target, { campaignId, operation: "find_post.campaign" });
      return hasBeenSent(campaign)
        ? { outcome: "found", post: publishedPost(campaign) }
        : { outcome: "not_found" };
    } catch (error) {
      if (isConnectorError(error) && error.httpStatus === 404) return { outcome: "not_found" };
      throw error;
    }
  }
  const { campaign, complete } = await findCampaignByTitle(context, target, {
    operation: "find_post.campaigns",
    listId: access.account.externalId,
    title: input.post.reference,
    since: input.since,
  });
  if (campaign && hasBeenSent(campaign)) return { outcome: "found", post: publishedPost(campaign) };
  if (campaign || complete) return { outcome: "not_found" };
  return {
    outcome: "cannot_tell",
    reason: "too many campaigns on the audience since the attempt to search them all",
  };
}
