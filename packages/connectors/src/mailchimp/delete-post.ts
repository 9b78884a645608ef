import { type AccountAccess, ConnectorError, isConnectorError } from "../core/index";
import { getCampaign, hasBeenSent } from "./campaign";
import type { MailchimpContext } from "./context";
import { type ApiTarget, callMailchimp, resolveApiTarget } from "./mailchimp-api";

/**
 * `DELETE /3.0/campaigns/{id}` → 204; a 404 means it is already gone, which is success. Mailchimp refuses a
 * campaign that is sending or sent with a 400 (unconfirmed; the sim does so): that stays invalid_request with
 * Mailchimp's words, plus the advice to archive it when the campaign turns out to have been sent.
 */
export async function deleteMailchimpPost(
  context: MailchimpContext,
  access: AccountAccess,
  platformPostId: string,
): Promise<void> {
  const operation = "delete_post";
  const target = await resolveApiTarget(context, access, operation);
  try {
    await callMailchimp(context, target, {
      operation,
      method: "DELETE",
      path: `/campaigns/${encodeURIComponent(platformPostId)}`,
    });
  } catch (error) {
    if (!isConnectorError(error)) throw error;
    if (error.httpStatus === 404) return;
    if (error.httpStatus === 400 && (await wasSent(context, target, platformPostId))) {
      throw new ConnectorError({
        kind: "invalid_request",
        platform: "mailchimp",
        platformCode: error.platformCode,
        message: `${error.message} (sent campaigns cannot be deleted; archive in Mailchimp)`,
        httpStatus: error.httpStatus,
        cause: error,
      });
    }
    throw error;
  }
}

/** Only to word the refusal: when the campaign cannot be read, Mailchimp's own message stands alone. */
async function wasSent(context: MailchimpContext, target: ApiTarget, campaignId: string): Promise<boolean> {
  try {
    return hasBeenSent(await getCampaign(context, target, { campaignId, operation: "delete_post.campaign" }));
  } catch {
    return false;
  }
}
