import { z } from "zod";
import { type ConnectionAccess, type HealthResult, isConnectorError } from "../core/index";
import type { MailchimpContext } from "./context";
import { callMailchimp, resolveApiTarget } from "./mailchimp-api";
import { parseBody } from "./parse-body";

const Ping = z.looseObject({ health_status: z.string() });

/**
 * `GET /3.0/ping` with the connection's token. A refused token or permission is a definite answer (unhealthy);
 * rate limits and outages are thrown as they are, so the caller asks again later.
 */
export async function checkMailchimpHealth(
  context: MailchimpContext,
  access: ConnectionAccess,
): Promise<HealthResult> {
  const operation = "health_check";
  try {
    const target = await resolveApiTarget(context, access, operation);
    const response = await callMailchimp(context, target, { operation, method: "GET", path: "/ping" });
    const ping = parseBody(Ping, response, { operation });
    return { healthy: true, detail: `${ping.health_status} (${target.apiEndpoint})` };
  } catch (error) {
    if (isConnectorError(error) && (error.kind === "auth_revoked" || error.kind === "permission_denied")) {
      return { healthy: false, detail: `${error.kind} (${error.platformCode}): ${error.message}` };
    }
    throw error;
  }
}
