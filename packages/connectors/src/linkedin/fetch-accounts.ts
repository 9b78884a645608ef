import type { ConnectionAccess, PlatformAccount } from "../core/index";
import type { LinkedInContext } from "./context";
import { fetchOrganizations } from "./fetch-organizations";
import { displayNameOf, fetchUserInfo, memberUrn } from "./userinfo";

/** The member themself, then every organization they may post for. */
export async function fetchLinkedInAccounts(
  context: LinkedInContext,
  access: ConnectionAccess,
): Promise<PlatformAccount[]> {
  const info = await fetchUserInfo(context, access.accessToken, "accounts.userinfo");
  const member: PlatformAccount = {
    externalId: memberUrn(info.sub),
    name: displayNameOf(info),
    kind: "linkedin_member",
    accessToken: null,
    metadata: { sub: info.sub },
  };
  return [member, ...(await fetchOrganizations(context, access.accessToken))];
}
