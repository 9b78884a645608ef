import type { AuthorizationUrlInput } from "../core/index";
import { linkedInHosts } from "./config";
import type { LinkedInContext } from "./context";

/**
 * LinkedIn's 3-legged authorization URL. Scopes are space-separated (sent as %20). No PKCE: LinkedIn offers PKCE
 * only in its native-app flow (loopback redirects, enabled on request); a web app authenticates with its
 * client secret, so `codeChallenge` is ignored.
 */
export function buildLinkedInAuthorizationUrl(
  context: LinkedInContext,
  input: AuthorizationUrlInput,
): string {
  const params: Array<[string, string]> = [
    ["response_type", "code"],
    ["client_id", context.config.clientId],
    ["redirect_uri", input.redirectUri ?? context.config.redirectUri],
    ["state", input.state],
    ["scope", context.config.scopes.join(" ")],
  ];
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
  return `${linkedInHosts.oauth}/authorization?${query}`;
}
