import { z } from "zod";
import type { ConnectionAccess, PlatformAccount } from "../core/index";
import { Audience, audienceFields, audienceMetadata } from "./audience";
import type { MailchimpContext } from "./context";
import { callMailchimp, resolveApiTarget } from "./mailchimp-api";
import { parseBody } from "./parse-body";

const ListsPage = z.looseObject({ lists: z.array(Audience), total_items: z.number() });

/** A safety stop far beyond any real account (1,000 pages). */
const maxPages = 1000;

/**
 * Every audience of the account, paging `GET /3.0/lists` by offset until `total_items`, fetching only the fields
 * POSTD keeps. Each becomes a `mailchimp_audience` (externalId = list id).
 */
export async function fetchMailchimpAccounts(
  context: MailchimpContext,
  access: ConnectionAccess,
): Promise<PlatformAccount[]> {
  const operation = "accounts.lists";
  const target = await resolveApiTarget(context, access, operation);
  const fields = [...audienceFields.map((f) => `lists.${f}`), "total_items"].join(",");
  const audiences: Audience[] = [];
  for (let page = 0; page < maxPages; page++) {
    const response = await callMailchimp(context, target, {
      operation,
      method: "GET",
      path: "/lists",
      query: { count: context.config.pageSize, offset: audiences.length, fields },
    });
    const { lists, total_items } = parseBody(ListsPage, response, { operation });
    audiences.push(...lists);
    if (lists.length === 0 || audiences.length >= total_items) break;
  }
  return audiences.map((audience) => ({
    externalId: audience.id,
    name: audience.name,
    kind: "mailchimp_audience",
    accessToken: null,
    metadata: audienceMetadata(audience),
  }));
}
