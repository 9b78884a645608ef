import { z } from "zod";
import { Campaign, campaignFields } from "./campaign";
import type { MailchimpContext } from "./context";
import { type ApiTarget, callMailchimp } from "./mailchimp-api";
import { parseBody } from "./parse-body";

const CampaignsPage = z.looseObject({ campaigns: z.array(Campaign), total_items: z.number() });

/** Mailchimp's create time and ours may differ a little: look this much earlier than asked. */
const clockSkewMs = 5 * 60_000;
/** A safety stop: campaigns created on one audience since an attempt started rarely fill one page. */
const maxPages = 20;

export interface TitleSearch {
  operation: string;
  listId: string;
  /** the campaign title: our post reference, which the audience never sees */
  title: string;
  /** campaigns created before this are not ours */
  since: Date;
  status?: string;
  signal?: AbortSignal;
}

/**
 * The audience's campaigns created since `since` (`GET /3.0/campaigns?list_id&since_create_time`, paged by
 * offset), the first whose `settings.title` is exactly the title asked for. `complete` is false when the
 * search stopped at its page limit before seeing every campaign (so "none" is not a definite answer).
 */
export async function findCampaignByTitle(
  context: MailchimpContext,
  target: ApiTarget,
  search: TitleSearch,
): Promise<{ campaign: Campaign | null; complete: boolean }> {
  const fields = [...campaignFields.map((f) => `campaigns.${f}`), "total_items"].join(",");
  const since = new Date(search.since.getTime() - clockSkewMs).toISOString().replace(/\.\d{3}Z$/, "+00:00");
  let seen = 0;
  for (let page = 0; page < maxPages; page++) {
    const response = await callMailchimp(context, target, {
      operation: search.operation,
      method: "GET",
      path: "/campaigns",
      query: {
        list_id: search.listId,
        since_create_time: since,
        status: search.status,
        count: context.config.pageSize,
        offset: seen,
        fields,
      },
      ...(search.signal ? { signal: search.signal } : {}),
    });
    const { campaigns, total_items } = parseBody(CampaignsPage, response, { operation: search.operation });
    const match = campaigns.find((c) => c.settings?.title === search.title);
    if (match) return { campaign: match, complete: true };
    seen += campaigns.length;
    if (campaigns.length === 0 || seen >= total_items) return { campaign: null, complete: true };
  }
  return { campaign: null, complete: false };
}
