import type { AuthorizationUrlInput } from "../core/index";
import type { MetaConfig } from "./config";

/**
 * The Facebook Login dialog: comma-separated scopes (or a Login for Business `config_id`), no PKCE (the
 * server-side flow proves itself with the client secret). `auth_type=rerequest` asks again for permissions the
 * user declined before, which the dialog would otherwise skip.
 */
export function buildAuthorizationUrl(config: MetaConfig, input: AuthorizationUrlInput): string {
  const url = new URL(`https://www.facebook.com/${config.graphVersion}/dialog/oauth`);
  url.searchParams.set("client_id", config.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri ?? config.redirectUri);
  url.searchParams.set("state", input.state);
  url.searchParams.set("response_type", "code");
  if (config.loginConfigId) url.searchParams.set("config_id", config.loginConfigId);
  else url.searchParams.set("scope", config.scopes.join(","));
  url.searchParams.set("auth_type", "rerequest");
  return url.toString();
}
