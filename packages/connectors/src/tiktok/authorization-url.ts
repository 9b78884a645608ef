import type { AuthorizationUrlInput } from "../core/index";
import { type TikTokConfig, tiktokAuthorizeUrl } from "./config";

/**
 * Login Kit for Web: `client_key`, comma-separated scopes, `response_type=code` and our state. No PKCE: TikTok
 * requires it only for mobile and desktop apps, and a web app proves itself with the client secret at the token
 * exchange, so a challenge handed in is not sent (capabilities.pkce is false).
 */
export function buildTikTokAuthorizationUrl(config: TikTokConfig, input: AuthorizationUrlInput): string {
  const url = new URL(tiktokAuthorizeUrl);
  url.searchParams.set("client_key", config.clientId);
  url.searchParams.set("scope", config.scopes.join(","));
  url.searchParams.set("response_type", "code");
  url.searchParams.set("redirect_uri", input.redirectUri ?? config.redirectUri);
  url.searchParams.set("state", input.state);
  return url.toString();
}
