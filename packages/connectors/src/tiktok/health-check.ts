import type { ConnectionAccess, HealthResult } from "../core/index";
import type { TikTokApi } from "./tiktok-api";
import { parseScopes } from "./token-response";
import { fetchTikTokUser } from "./user-info";

const publishScope = "video.publish";

/**
 * Reads `/v2/user/info/` with the user token. A token TikTok refuses throws its classified error (auth_expired,
 * permission_denied, …) so the caller can tell "reconnect" from "try later"; a working token whose grant lacks
 * `video.publish` is unhealthy: it cannot post.
 */
export async function checkTikTokHealth(api: TikTokApi, access: ConnectionAccess): Promise<HealthResult> {
  const user = await fetchTikTokUser(api, {
    accessToken: access.accessToken,
    withUsername: false,
    operation: "health.user_info",
  });
  const scope = access.connection.scope;
  if (scope !== undefined && !parseScopes(scope).includes(publishScope)) {
    return { healthy: false, detail: `open_id ${user.open_id}: the grant lacks ${publishScope}` };
  }
  return { healthy: true, detail: `open_id ${user.open_id} answers user/info` };
}
