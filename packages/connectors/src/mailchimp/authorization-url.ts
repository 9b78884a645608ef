import type { AuthorizationUrlInput } from "../core/index";
import { mailchimpUrls } from "./config";
import type { MailchimpContext } from "./context";

/**
 * `https://login.mailchimp.com/oauth2/authorize?response_type=code&client_id&redirect_uri&state`. No scopes
 * (a token reaches the whole account) and no PKCE (not documented): a challenge handed in is ignored.
 */
export function buildMailchimpAuthorizationUrl(
  context: MailchimpContext,
  input: AuthorizationUrlInput,
): string {
  const url = new URL(mailchimpUrls.authorize);
  url.searchParams.set("response_type", "code");
  url.searchParams.set("client_id", context.config.clientId);
  url.searchParams.set("redirect_uri", input.redirectUri ?? context.config.redirectUri);
  url.searchParams.set("state", input.state);
  return url.toString();
}
