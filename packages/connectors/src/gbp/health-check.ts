import { type ConnectionAccess, type HealthResult, isConnectorError } from "../core/index";
import { gbpUrls } from "./config";
import type { GbpContext } from "./context";
import { googleRequest } from "./google-api";

/**
 * `accounts.list?pageSize=1` with the connection's token: it needs a live token, `business.manage` and an
 * approved project. A refused permission (scope, API access) is a definite answer (unhealthy); an expired token
 * is thrown as auth_expired so the caller refreshes and asks again; outages are thrown as they are.
 */
export async function checkGbpHealth(context: GbpContext, access: ConnectionAccess): Promise<HealthResult> {
  try {
    await googleRequest(context, {
      operation: "health_check",
      method: "GET",
      url: `${gbpUrls.accountManagement}/accounts`,
      query: { pageSize: 1 },
      accessToken: access.accessToken,
    });
    return { healthy: true, detail: "the token lists Business Profile accounts" };
  } catch (error) {
    if (isConnectorError(error) && (error.kind === "auth_revoked" || error.kind === "permission_denied")) {
      return { healthy: false, detail: `${error.kind} (${error.platformCode}): ${error.message}` };
    }
    throw error;
  }
}
