import type { ConnectionAccess, PlatformAccount } from "../core/index";
import type { MetaContext } from "./context";
import { InstagramProfile, type PageEntry, PageList } from "./schemas";

/** A runaway `paging.next` loop stops here (100 per page: 5,000 Pages). */
const maxListPages = 50;

const pageFields = "id,name,username,access_token,category,tasks,picture,instagram_business_account";

/**
 * Every Page the user granted (following `paging.next`), each with its own Page token, and each Page's
 * Instagram professional account, which is published to with that same Page token.
 */
export async function fetchAccounts(ctx: MetaContext, access: ConnectionAccess): Promise<PlatformAccount[]> {
  const pages: PageEntry[] = [];
  let next: string | undefined;
  for (let round = 0; round < maxListPages; round++) {
    const answer = await ctx.graph.call({
      operation: "accounts.list_pages",
      method: "GET",
      path: next ?? "/me/accounts",
      token: access.accessToken,
      ...(next ? {} : { query: { fields: pageFields, limit: ctx.config.accountsPageSize ?? 100 } }),
      schema: PageList,
    });
    pages.push(...answer.data);
    next = answer.paging?.next;
    if (!next || answer.data.length === 0) break;
  }
  const accounts: PlatformAccount[] = [];
  for (const page of pages) {
    accounts.push(facebookPage(page));
    const instagramId = page.instagram_business_account?.id;
    if (instagramId) accounts.push(await instagramAccount(ctx, page, instagramId, access.accessToken));
  }
  return accounts;
}

function facebookPage(page: PageEntry): PlatformAccount {
  return {
    externalId: page.id,
    name: page.name ?? page.id,
    kind: "facebook_page",
    accessToken: page.access_token ?? null,
    metadata: compact({
      category: page.category,
      username: page.username,
      tasks: page.tasks?.join(","),
      pictureUrl: page.picture?.data?.url,
    }),
  };
}

async function instagramAccount(
  ctx: MetaContext,
  page: PageEntry,
  instagramId: string,
  userToken: string,
): Promise<PlatformAccount> {
  const profile = await ctx.graph.call({
    operation: "accounts.read_instagram",
    method: "GET",
    path: `/${instagramId}`,
    token: page.access_token ?? userToken,
    query: { fields: "username,name,profile_picture_url" },
    schema: InstagramProfile,
  });
  return {
    externalId: instagramId,
    name: profile.username ?? profile.name ?? instagramId,
    kind: "instagram_account",
    accessToken: page.access_token ?? null,
    metadata: compact({
      pageId: page.id,
      pageName: page.name,
      username: profile.username,
      pictureUrl: profile.profile_picture_url,
    }),
  };
}

function compact(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((entry): entry is [string, string] => !!entry[1]));
}
