import { type ConnectionAccess, type HealthResult, isConnectorError } from "../core/index";
import type { LinkedInContext } from "./context";
import { displayNameOf, fetchUserInfo } from "./userinfo";

/**
 * userinfo with the connection's token. A revoked token or a missing permission is a definite answer (unhealthy);
 * an expired token is thrown as auth_expired so the caller refreshes and asks again; outages are thrown as they are.
 */
export async function checkLinkedInHealth(
  context: LinkedInContext,
  access: ConnectionAccess,
): Promise<HealthResult> {
  try {
    const info = await fetchUserInfo(context, access.accessToken, "health_check");
    return { healthy: true, detail: `token works for ${displayNameOf(info)} (urn:li:person:${info.sub})` };
  } catch (error) {
    if (isConnectorError(error) && (error.kind === "auth_revoked" || error.kind === "permission_denied")) {
      return { healthy: false, detail: `${error.kind} (${error.platformCode}): ${error.message}` };
    }
    throw error;
  }
}
