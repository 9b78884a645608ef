import type { AuthorizationUrlInput } from "../core/index";
import { type GbpConfig, gbpUrls } from "./config";

/**
 * Google's web-server flow: space-separated scopes (plus `openid`, which identifies the user), `access_type=offline`
 * and `prompt=consent` so a refresh token comes back on every connect (Google sends one only on consent),
 * `include_granted_scopes=true`, our state, and the PKCE S256 challenge.
 */
export function buildGbpAuthorizationUrl(config: GbpConfig, input: AuthorizationUrlInput): string {
  const params: Array<[string, string]> = [
    ["client_id", config.clientId],
    ["redirect_uri", input.redirectUri ?? config.redirectUri],
    ["response_type", "code"],
    ["scope", requestedScopes(config).join(" ")],
    ["access_type", "offline"],
    ["prompt", "consent"],
    ["include_granted_scopes", "true"],
    ["state", input.state],
  ];
  if (input.codeChallenge) {
    params.push(["code_challenge", input.codeChallenge], ["code_challenge_method", "S256"]);
  }
  const query = params.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join("&");
  return `${gbpUrls.authorize}?${query}`;
}

/** The configured scopes, with `openid` added when missing: the user's `sub` is the connection's identity. */
export function requestedScopes(config: GbpConfig): string[] {
  return config.scopes.includes("openid") ? [...config.scopes] : [...config.scopes, "openid"];
}
