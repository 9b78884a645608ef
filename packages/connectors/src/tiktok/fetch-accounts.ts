import type { ConnectionAccess, PlatformAccount } from "../core/index";
import type { TikTokApi } from "./tiktok-api";
import { displayNameOf, fetchTikTokUser, mayReadUsername } from "./user-info";

/** One TikTok account per token: the user who consented, keyed by `open_id`. There is nothing to page through. */
export async function fetchTikTokAccounts(
  api: TikTokApi,
  access: ConnectionAccess,
): Promise<PlatformAccount[]> {
  const user = await fetchTikTokUser(api, {
    accessToken: access.accessToken,
    withUsername: mayReadUsername(access.connection.scope),
    operation: "accounts.user_info",
  });
  const metadata: Record<string, string> = {};
  if (user.username) metadata.username = user.username;
  if (user.union_id) metadata.unionId = user.union_id;
  if (user.avatar_url) metadata.avatarUrl = user.avatar_url;
  return [
    {
      externalId: user.open_id,
      name: displayNameOf(user),
      kind: "tiktok_account",
      accessToken: null,
      metadata,
    },
  ];
}
